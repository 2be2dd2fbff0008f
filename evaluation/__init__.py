"""What `resolute eval` measures on a user's own question set, with what ships in the product.

Questions in (`questions`), Resolute's retrieval and chat scored on them (`retrieval`,
`chat`), over the same store and index the service answers from (`resources`). Comparisons
against other systems need libraries the product does not install; they live in
`bench.baselines`, built on this package.
"""
