"""The reports layer: every figure HR, managers, the API and CSV files show.

* :mod:`.queries`  SQL aggregates (GROUP BY on the database) and the per-person vectors
                   that some statistics need, read once when a cycle closes
* :mod:`.results`  a closed cycle's results, computed once at close with the disclosure
                   rules applied and stored (``cycle_results``); rebuilt only on purpose
* :mod:`.figures`  typed read-side objects (score table, department, trend) built from
                   stored results, the only thing pages, CSV and the API render
* :mod:`.participation`, :mod:`.training`  who took part; training per department
* :mod:`.charts`, :mod:`.csvfiles`  SVG charts and CSV files of those objects

Nothing here knows about HTTP; the figures a surface can show are the ones in the
objects it is handed, so pages, charts, CSV and API cannot disagree or show more.
"""
