"""The CSR quick scan: a self-assessment an organisation's members answer, scored per section
(a priority area or ISO 26000 subject), with practices of the library recommended for the weak
sections. Models in ``models``, writes in ``services``, reads in ``selectors``; results belong
to the organisation (see docs/quick-scan.md)."""
