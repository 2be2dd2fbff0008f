"""Series: the chains of resolutions that renew one text year after year, their paragraphs
aligned from one member to the next, and the word-level differences between them.

`model` (the catalog, links, alignments, changes), `linking` (which resolution renews
which), `alignment` (which paragraph of one year is which of the next), `redline` (word or
character differences), `changes` (a member against an earlier one), `book` (the catalog
kept in the store, current with its revision). Nothing here knows HTTP.
"""
