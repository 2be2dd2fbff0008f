"""The English parser's passes, one job a module; `corpus.parse_en` runs them in order.

header: symbol, title, dates, meeting, agenda item. layout: body lines apart from
footnote blocks and page furniture. footnotes: footnote texts and the markers in
the body. paragraphs: body lines into numbered paragraphs. words: words the PDF
layout broke, mended.
"""
