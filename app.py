"""Start the Collection Coach web UI: `python app.py` (settings from the environment or .env)."""

import sys

from collection_coach.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
