"""Third-party Flask extensions, created unbound here and bound to an app in ``create_app``.

Only extensions used as they come live here. Those the project configures with policy of its
own are created beside that policy: the Api in ``service.web.api``, the rate limiter in
``service.web.rate_limits``, compression in ``service.web.compression``; ``db`` in ``service.database``.
"""

from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_migrate import Migrate

migrate = Migrate()
jwt = JWTManager()
cors = CORS()
