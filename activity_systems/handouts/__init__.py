"""Workshop handouts: one self-contained HTML page, or Markdown with its figures.

Example::

    from activity_systems import load
    from activity_systems.handouts import handout

    handout(load("examples/court-reports.yaml"), "out/court-handout.html")
    handout("examples/court-reports.yaml", "out/court-handout.md", theme="print")

Templates are Jinja2 files shipped in ``handouts/templates``; ``template_dir`` names a
folder whose files replace them by name (see :mod:`activity_systems.handouts.context` for
what a template receives). Importing this package imports Jinja2;
``import activity_systems`` does not.
"""

from activity_systems.handouts.figures import FIGURE_FORMATS, FigureFormat
from activity_systems.handouts.handout import Handout, format_of, handout, render_handout

__all__ = ["FIGURE_FORMATS", "FigureFormat", "Handout", "format_of", "handout", "render_handout"]
