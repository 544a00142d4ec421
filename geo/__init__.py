"""geo: from news articles to a day-by-day map of who held which town.

Stages (one module each, pure functions over records): :mod:`geo.articles`
(reading), :mod:`geo.mentions` (place names in sentences), :mod:`geo.geocode`
and :mod:`geo.gazetteer` (placing them), :mod:`geo.events` (events from text),
:mod:`geo.datasets` (UCDP GED and ACLED), :mod:`geo.control` (the control
timeline). :mod:`geo.pipeline` chains them; :mod:`geo.cli` and the dashboard
are the only places that read or write files, and :mod:`geo.online` the only
one that may touch the network.
"""
