"""The network's web server (``benchlearn serve``): the site's pages per audience, signing
in and out, a read-only JSON API, and ``/health``.

Built on Starlette, served by uvicorn. Starlette is small (a few thousand lines, one
dependency), speaks ASGI, and has what the server needs built in: Jinja2 rendering (the
static site's own templates and renderer, :mod:`benchlearn.site.build`), form parsing,
cookies and a TestClient the tests drive it with. FastAPI would add a pydantic layer
to validate requests, which benchlearn does not need: the library already validates
everything it is given and says what is wrong in one sentence; and Django or Flask
would bring their own ORM or a synchronous stack beside SQLAlchemy.

The views are thin: who is asking comes from :mod:`.identity`, what they may see from
:func:`benchlearn.access.audience_of` (the one answer), and every value is read through
a Context opened for that audience. :mod:`.app` builds the application
(:func:`create_app`); :mod:`.pages`, :mod:`.login` and :mod:`.api` hold its views.
"""

from benchlearn.server.app import create_app

__all__ = ["create_app"]
