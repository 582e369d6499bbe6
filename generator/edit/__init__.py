"""Editing content files on the officer's behalf (spreadsheet import). The only code besides
`assembly new` that writes into content/; it changes front matter fields in place and never
touches the Markdown below them."""
