import sys

from ttsserve.cli import main

sys.exit(main())
