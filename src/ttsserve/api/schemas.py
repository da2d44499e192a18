"""Request and response models. Constraints live here so that bad input is a 422 before any queueing."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ttsserve.audio import SUPPORTED_SAMPLE_RATES_HZ


class SynthesizeRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "今天天气不错。", "voice": "baker", "emotion": "happy", "format": "wav"}]},
    )

    text: str = Field(..., description="Mandarin text; numbers, dates and units are read out. `长[zhang3]` forces a reading. With `text_type: ssml`, an SSML document (`<speak>...</speak>`).")
    text_type: Literal["text", "ssml"] = Field("text", description="`ssml`: `text` is an SSML document starting with `<speak` (the supported elements: README, SSML).")
    voice: str | None = Field(None, description="Voice name from GET /v1/voices; default: the server's default voice.")
    speaker: str | None = Field(None, description="Speaker of a multi-speaker voice; default: the voice's first.")
    emotion: str | None = Field(None, description="Emotion or style of the voice (see GET /v1/voices).")
    speed: float = Field(1.0, ge=0.5, le=2.0, description="Speaking rate multiplier.")
    pitch: float = Field(1.0, ge=0.5, le=2.0, description="Register: multiplies the median f0, the f0 range kept; held at the voice's measured limits.")
    volume: float = Field(1.0, ge=0.0, le=2.0, description="Output gain; the result is clipped to full scale.")
    sample_rate_hz: int | None = Field(None, description=f"Output rate, one of {list(SUPPORTED_SAMPLE_RATES_HZ)}; default: the voice's own.")
    format: Literal["wav", "flac", "ogg", "opus", "mp3", "pcm"] = Field("wav", description="wav/flac: 16-bit PCM; ogg: Vorbis; opus: Opus in Ogg; mp3; pcm: raw s16le mono.")
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="Sample the model's prosody randomness reproducibly; default: deterministic.")
    stream: bool = Field(False, description="Send audio as it is produced (chunked): wav with an unknown-length header, or pcm. At the voice's own rate.")
    timestamps: bool = Field(False, description="Answer JSON: the audio (base64) with the time of every character and word of the text. With `stream`: newline-delimited JSON events, each stretch's timings before its audio.")
    captions: Literal["srt", "vtt"] | None = Field(None, description="Also return captions of this format in the JSON answer (implies `timestamps`; not with `stream`).")
    caption_max_chars: int = Field(20, ge=4, le=200, description="Longest caption cue, in characters; cues also end at punctuation.")

    @field_validator("sample_rate_hz")
    @classmethod
    def _rate(cls, v: int | None) -> int | None:
        if v is not None and v not in SUPPORTED_SAMPLE_RATES_HZ:
            raise ValueError(f"sample_rate_hz must be one of {list(SUPPORTED_SAMPLE_RATES_HZ)}")
        return v


class CharacterTime(BaseModel):
    char: str = Field(description="The request text covered: one character, or a stretch read as one (`2024`, `¥500`, `长[zhang3]`)")
    offset: int = Field(description="Index in the request text (Unicode code points)")
    start_s: float
    end_s: float
    pinyin: str = Field(description="Its syllables, space separated; empty for a silent character (zero length)")


class WordTime(BaseModel):
    word: str
    offset: int
    start_s: float
    end_s: float


class TimestampsResponse(BaseModel):
    request_id: str
    audio_base64: str = Field(description="The audio file in `format`, base64")
    format: str
    sample_rate_hz: int
    audio_seconds: float
    characters: list[CharacterTime]
    words: list[WordTime]
    captions: str | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class EmotionInfo(BaseModel):
    name: str
    kind: Literal["prosody", "native"] = Field(description="prosody: a tempo/register/f0-range/level preset; native: trained emotion (which may add such adjustments)")
    description: str = ""


class SpeakerDetail(BaseModel):
    name: str
    gender: Literal["female", "male", "unknown"] = "unknown"
    description: str = ""


class VoiceInfo(BaseModel):
    name: str
    display_name: str
    description: str
    language: str
    sample_rate_hz: int
    speakers: list[str]
    speaker_details: list[SpeakerDetail] = Field(default_factory=list,
                                                 description="Each speaker with its gender where the manifest gives it")
    emotions: list[EmotionInfo]
    default_emotion: str
    license: str
    acoustic: str
    vocoder: str
    loaded: bool = Field(description="True when the voice is on its compute device now")
    tier: Literal["compute", "host", "disk"]
    available: bool
    error: str | None = None


class VoicesResponse(BaseModel):
    default_voice: str
    voices: list[VoiceInfo]
    unavailable_voices: dict[str, str] = Field(default_factory=dict,
                                               description="Voices left out for an invalid manifest: name -> why")


class HealthResponse(BaseModel):
    status: str
    detail: str = ""


class FrontendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": "银行行长2024年3月15日来了。"}]})
    text: str
    text_type: Literal["text", "ssml"] = Field("text", description="`ssml`: `text` is an SSML document; the answer shows what each element did.")
    voice: str | None = Field(None, description="Show this voice's phone symbols too; default: the default voice.")
