"""The static web report: a page for the network, each member and each indicator.

Plain files that any web server, a share or a laptop without internet can
serve: see :mod:`.build` for the layout, :mod:`.pages` for what each page says
and :mod:`.figures` for the charts.
"""

from benchlearn.site.build import SiteSummary, languages_of, write_site

__all__ = ["SiteSummary", "languages_of", "write_site"]
