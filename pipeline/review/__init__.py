"""The review page of ``tripreport serve``: the English beside the Spanish, corrected in the browser.

A person walks the report's units (the most urgent first), corrects or confirms the English
with the keyboard, and the correction is saved in ``translations/report.en.po`` exactly as a
PO editor would save it; serve rebuilds, and the editions and PDFs follow.

- :mod:`~tripreport.review.units`: the page's data, made from what the last good build knew
  and what the PO file on disk says now;
- :mod:`~tripreport.review.session`: that state in one serve session, and saving;
- :mod:`~tripreport.review.history`: each passage's earlier English, kept in its PO entry;
- :mod:`~tripreport.review.markup`: a person's English as the editions render it, and what
  the notes' allow-list removed;
- :mod:`~tripreport.review.guard`: who may call (this machine, this page, this session's token);
- :mod:`~tripreport.review.api`: the HTTP paths and their answers;
- :mod:`~tripreport.review.second`: a second engine's suggestion.
- :mod:`~tripreport.review.teach`: glossary entries made from a passage, and the passages they changed.

The page itself is ``templates/review.html.j2`` with its script (ES modules, ``review*.js``)
and style beside it; the glossary entries' part of it is ``review-glossary.js`` and ``.css``.
"""
