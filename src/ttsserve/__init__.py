"""ttsserve: self-hosted Mandarin text-to-speech."""

__version__ = "0.1.0"
