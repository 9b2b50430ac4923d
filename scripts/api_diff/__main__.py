import sys

from scripts.api_diff.api_diff import main

sys.exit(main())
