"""Tables: the nine standard disclosure tables parsed into typed cells and pandas frames.

``doc.tables`` maps table01 … table09 to :class:`checker.tables.model.Table`. Each entry (row) is
keyed by its 科目代码, 行次 or as 合计; each cell keeps its Decimal value, stated precision, source
line and offsets, semantic column and how its column was decided (``position`` from the layout,
``total`` for a row's first value, ``packed`` when blank cells were lost and order is all we have).
"""
