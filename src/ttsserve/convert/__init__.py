"""Offline converters that turn third-party checkpoints into ttsserve voice folders (never run at serve time)."""
