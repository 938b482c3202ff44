"""Route handlers: read the request, call the domain, render the answer. Nothing more."""
