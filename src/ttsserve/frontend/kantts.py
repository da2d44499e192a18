"""The KAN-TTS (ModelScope Sambert) linguistic symbol set: what the closed `ttsfrd` binary produced, rebuilt
from our own `Sentence`s.

A sentence becomes a list of tokens `(sy, tone, syllable_flag, word_segment)`; ttsfrd writes each one as
`{sy$tone$syllable_flag$word_segment$emotion$speaker}`. Sambert embeds the four streams separately (plus
emotion and speaker, which are per-utterance here), so `encode` returns one id 4-tuple per token.

Conventions, each with the evidence it rests on (KAN-TTS = github.com/modelscope/KAN-TTS, read from its
source tree; no code copied):

- Every syllable is exactly 2 phones, initial then final, both carrying the syllable's tone (`tone1`-`tone5`,
  5 = neutral). The initial phone is `s_begin`, the final phone `s_end`. Evidence: the PinYin syllable map
  `kantts/preprocess/languages/PinYin/py2phoneMap.txt` (660 syllables, every one mapped to 2 phones) and
  `get_fpdict` in `kantts/utils/ling_unit/ling_unit.py`, which hand-writes ttsfrd lines
  `{ge$tone5$s_begin$word_begin...} {en_c$tone5$s_end$word_end...}`.
- Zero-initial syllables take a pseudo-initial chosen by the first letter of the final: a-finals `ga`
  (a ai an ang ao), o-finals `go` (o ou), e-finals `ge` (e ei en eng er). Evidence: py2phoneMap.txt lists
  exactly these 12 zero-initial syllables that way (`a ga a_c`, `ou go ou_c`, `er ge er_c`, ...), and
  get_fpdict uses `ga a_c` and `ge e_c` / `ge en_c`. The interjections n/ng/m/hm/hng, which the map lacks,
  follow our G2P (it reads them as final `en`), giving `ge en_c`.
- `y` and `w` are real initials (`y_c`, `w_c`) followed by the *spelled* remainder, not the full final:
  you -> y_c ou_c, yi -> y_c i_c, yin -> y_c in_c, ying -> y_c ing_c, ye -> y_c e_c, yong -> y_c ong_c,
  wu -> w_c u_c, wei -> w_c ei_c, wen -> w_c en_c, weng -> w_c eng_c, and u after y is ü:
  yu -> y_c v_c, yue -> y_c ve_c, yuan -> y_c van_c, yun -> y_c vn_c. Evidence: py2phoneMap.txt
  (`you y_c ou_c`, `wu w_c u_c`, `yv y_c v_c`, `wei w_c ei_c`, ...). Hence `ueng_c`/`io_c`, in the phone set,
  are never produced.
- x is written `xx_c`; ü is `v` (ju/qu/xu/yu -> v, jue -> ve, juan -> van, jun -> vn, lü/nü -> v, lüe -> ve);
  iu -> iou, ui -> uei, un -> uen; zi/ci/si take `ii_c`, zhi/chi/shi/ri take `ih_c`. Evidence: py2phoneMap.txt
  (`xi xx_c i_c`, `jv j_c v_c`, `jiu j_c iou_c`, `gui g_c uei_c`, `lun l_c uen_c`, `zi z_c ii_c`,
  `zhi zh_c ih_c`, `ri r_c ih_c`).
- Erhua (our G2P writes it as the previous syllable's pinyin + "r", e.g. "hua1r"; "huar1" is accepted too)
  uses the r-finals: the final + "r" (hua -> uar_c, dian -> ianr_c, zhi -> ihr_c, zi -> iir_c, gui -> ueir_c,
  lun -> uenr_c, jue -> ver_c), except that e + r is `er_c` (her -> h_c er_c, ye + r -> y_c er_c).
  Evidence: the 220-odd r-syllables of py2phoneMap.txt (`huar h_c uar_c`, `chir ch_c ihr_c`, `cir c_c iir_c`,
  `ger g_c er_c`, `yer y_c er_c`). Zero-initial erhua (a + r) keeps its pseudo-initial: ga ar_c.
- Words: the first phone of a word is `word_begin`, its last `word_end`, any other `word_middle`, so a
  one-syllable word is word_begin + word_end (never `word_both`, as in get_fpdict's one-syllable lines). A word
  is the syllables up to one with `break_after >= 1`.
- Boundaries, after a word inside the sentence: break_after 1 -> `#1`, 2 (phrase, ~comma) or higher -> `#3`;
  the sentence ends with `#4`. A boundary token is `(#n, tone_none, s_none, word_none)` (NOTES.md and
  get_fpdict's `{#3$tone_none$s_none$word_none...}`).

Ids, as `KanTtsLinguisticUnit.build` assigns them: every stream's table is its language symbols followed by
`_` (padding), `~` (end of sequence) and `@[MASK]`; an id is the position in that table. Index 0 is a real
symbol (`@a_c`, `tone1`, `s_begin`, ...), not padding. The sy table is the PhoneSet.xml phones plus `#1`-`#4`,
each prefixed with `@` (looked up as "@" + phone). The tone table comes from tonelist.txt
(1, "", 4, 2, 3, 5, 0 -> tone1, tone_none, tone4, tone2, tone3, tone5, tone0); the emotion table is
emotion_types.py's 33 categories; the speaker table is the config's `speaker_list` (F7). has_mask=False drops
the trailing `@[MASK]` entry from each table (older checkpoints: sy 146 rows instead of 147); no other id moves.

KAN-TTS's `encode_symbol_sequence` appends the `~` id (see `eos_ids`) to every stream, and its inference
(`am_synthesis`) cuts that last entry off again before calling the model: `encode` returns the per-token
ids only, which is exactly what the model sees.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from ttsserve.errors import ConfigError, UnknownEmotionError, UnknownSpeakerError, UnknownSymbolError
from ttsserve.pipeline.base import Sentence, register

PAD, EOS, MASK = "_", "~", "@[MASK]"

# ----------------------------------------------------------------------------- the default tables
# Mandarin initials (x written xx) and finals as KAN-TTS's PhoneSet.xml names them (with "_c").
_INITIALS = ["b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "xx", "zh", "ch", "sh", "r", "z",
             "c", "s"]
_FINALS = ["a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang", "iao", "ie",
           "ih", "ii", "in", "ing", "io", "iong", "iou", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang", "uei",
           "uen", "ueng", "uo", "v", "van", "ve", "vn"]
_PSEUDO_INITIALS = ["ga", "ge", "go"]
_ARPABET = ["aa", "ae", "ah", "ao", "aw", "ay", "b", "ch", "d", "dh", "eh", "er", "ey", "f", "g", "hh", "ih", "iy",
            "jh", "k", "l", "m", "n", "ng", "ow", "oy", "p", "r", "s", "sh", "t", "th", "uh", "uw", "v", "w", "y",
            "z", "zh"]
# Finals with an r-coloured form: all but e (its erhua is er_c itself), er, io and ueng.
_ERHUA_FINALS = [f + "r" for f in _FINALS if f not in ("e", "er", "io", "ueng")]

# PhoneSet.xml order: Mandarin initials+finals sorted by name, then w_c y_c; ga ge go; ARPAbet; r-finals; pau.
PHONES: list[str] = (
    sorted(p + "_c" for p in _INITIALS + _FINALS)
    + ["w_c", "y_c"]
    + _PSEUDO_INITIALS
    + _ARPABET
    + sorted(f + "_c" for f in _ERHUA_FINALS)
    + ["pau"]
    + [f"#{i}" for i in range(1, 5)]
)
TONES = ["tone1", "tone_none", "tone4", "tone2", "tone3", "tone5", "tone0"]  # tonelist.txt: 1, "", 4, 2, 3, 5, 0
SYLLABLE_FLAGS = ["s_begin", "s_end", "s_none", "s_both", "s_middle"]
WORD_SEGMENTS = ["word_begin", "word_end", "word_middle", "word_both", "word_none"]
EMOTIONS = ["emotion_none", "emotion_neutral", "emotion_angry", "emotion_disgust", "emotion_fear", "emotion_happy",
            "emotion_sad", "emotion_surprise", "emotion_calm", "emotion_gentle", "emotion_relax", "emotion_lyrical",
            "emotion_serious", "emotion_disgruntled", "emotion_satisfied", "emotion_disappointed",
            "emotion_excited", "emotion_anxiety", "emotion_jealousy", "emotion_hate", "emotion_pity",
            "emotion_pleasure", "emotion_arousal", "emotion_dominance",
            *[f"emotion_placeholder{i}" for i in range(1, 10)]]

VOCAB_KEYS = ("sy", "tone", "syllable_flag", "word_segment", "emo_category", "speaker")


def default_vocab(speaker: str = "F7", *, has_mask: bool = True) -> dict[str, list[str]]:
    """The tables KanTtsLinguisticUnit builds for the PinYin language, in vocab_github_kantts.json's format.
    `speaker` is the config's speaker_list (comma separated)."""
    special = [PAD, EOS, MASK] if has_mask else [PAD, EOS]
    speakers = [s.strip() for s in speaker.split(",") if s.strip()]
    return {
        "sy": ["@" + p for p in PHONES] + special,
        "tone": TONES + special,
        "syllable_flag": SYLLABLE_FLAGS + special,
        "word_segment": WORD_SEGMENTS + special,
        "emo_category": EMOTIONS + special,
        "speaker": speakers + special,
    }


# ----------------------------------------------------------------------------- pinyin -> 2 phones
_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
                    "z", "c", "s", "y", "w")
_INTERJECTIONS = {"n", "ng", "m", "hm", "hng"}
_TONE_DIGITS = re.compile(r"[0-5]")
_FINAL_SET = set(_FINALS)


@functools.lru_cache(maxsize=8192)  # a pure function of a syllable (some 1,400 syllables with their tones and erhua)
def syllable_phones(pinyin: str) -> tuple[str, str] | None:
    """'zhang3' -> ('zh_c', 'ang_c'); 'you3' -> ('y_c', 'ou_c'); 'hua1r' / 'huar1' -> ('h_c', 'uar_c').
    Tone digits are ignored. None when the pinyin is not a Mandarin syllable this scheme can spell."""
    base = _TONE_DIGITS.sub("", pinyin.strip().lower()).replace("ü", "v").replace("u:", "v")
    if not base.isalpha():
        return None
    erhua = base.endswith("r") and base != "er"
    if erhua:
        base = base[:-1]
    if base in _INTERJECTIONS:  # our G2P reads 嗯/呣/哼 as a zero-initial "en"
        initial, rest = "", "en"
    else:
        initial = next((i for i in _PINYIN_INITIALS if base.startswith(i) and len(base) > len(i)), "")
        rest = base[len(initial):]
    if not rest:
        return None
    if initial in ("j", "q", "x", "y") and rest.startswith("u"):
        rest = "v" + rest[1:]  # ju qu xu yu, jue, juan, jun
    elif initial and initial not in ("w", "y"):
        rest = {"iu": "iou", "ui": "uei", "un": "uen"}.get(rest, rest)
        if rest == "i" and initial in ("z", "c", "s"):
            rest = "ii"
        elif rest == "i" and initial in ("zh", "ch", "sh", "r"):
            rest = "ih"
    if rest not in _FINAL_SET:  # not a Mandarin final (e.g. "hmm"): no spelling
        return None
    if initial == "":
        pseudo = {"a": "ga", "o": "go", "e": "ge"}.get(rest[0])
        if pseudo is None:
            return None
        ini = pseudo
    elif initial == "x":
        ini = "xx_c"
    else:
        ini = initial + "_c"
    if erhua:
        rest = "er" if rest in ("e", "er") else rest + "r"
    return ini, rest + "_c"


# ----------------------------------------------------------------------------- the symbol set
class KanttsSymbols:
    name = "kantts"

    def __init__(self, vocab: dict[str, list[str]] | None = None, *, speaker: str = "F7",
                 has_mask: bool = True) -> None:
        self.speaker = speaker
        self.has_mask = has_mask
        if vocab is None:
            vocab = default_vocab(speaker, has_mask=has_mask)
        else:
            missing = [k for k in VOCAB_KEYS[:4] if k not in vocab]
            if missing:
                raise ConfigError(f"kantts vocab lacks the table(s) {missing}")
            vocab = {k: [s for s in v if has_mask or s != MASK] for k, v in vocab.items()}
            vocab.setdefault("emo_category", EMOTIONS + ([PAD, EOS, MASK] if has_mask else [PAD, EOS]))
            vocab.setdefault("speaker", default_vocab(speaker, has_mask=has_mask)["speaker"])
        self.vocab: dict[str, list[str]] = vocab
        self.ids: dict[str, dict[str, int]] = {k: {s: i for i, s in enumerate(v)} for k, v in vocab.items()}

    # --- sizes and special ids, for the acoustic stage
    def sizes(self) -> dict[str, int]:
        """Rows of each embedding table: sy, tone, syllable_flag, word_segment, emo_category, speaker."""
        return {k: len(v) for k, v in self.vocab.items()}

    def eos_ids(self) -> tuple[int, int, int, int]:
        """The `~` id of each stream, which KAN-TTS appends to every encoded sequence."""
        return tuple(self.ids[k][EOS] for k in VOCAB_KEYS[:4])  # type: ignore[return-value]

    def pad_ids(self) -> tuple[int, int, int, int]:
        return tuple(self.ids[k][PAD] for k in VOCAB_KEYS[:4])  # type: ignore[return-value]

    def emotion_id(self, name: str | None) -> int:
        """'happy' or 'emotion_happy' -> its id; None or '' -> emotion_neutral."""
        key = name.strip().lower() if name else "neutral"
        if not key.startswith("emotion_"):
            key = "emotion_" + key
        table = self.ids["emo_category"]
        if key not in table or key in (PAD, EOS, MASK):
            raise UnknownEmotionError(f"unknown emotion {name!r}; known: "
                                      + ", ".join(e[len('emotion_'):] for e in self.emotions()))
        return table[key]

    def emotions(self) -> list[str]:
        return [e for e in self.vocab["emo_category"]
                if e.startswith("emotion_") and e != "emotion_none" and "placeholder" not in e]

    def speaker_id(self, name: str | None = None) -> int:
        """A speaker of the voice's speaker_list -> its id; None -> the first (default) speaker."""
        table = self.ids["speaker"]
        key = name if name else self.vocab["speaker"][0]
        if key not in table or key in (PAD, EOS, MASK):
            raise UnknownSpeakerError(f"unknown speaker {name!r}; known: "
                                      + ", ".join(s for s in self.vocab["speaker"] if s not in (PAD, EOS, MASK)))
        return table[key]

    # --- sentence -> tokens
    def tokens(self, sentence: Sentence) -> list[tuple[str, str, str, str]]:
        return [t for t, _ in self._tokens(sentence)]

    def _tokens(self, sentence: Sentence) -> list[tuple[tuple[str, str, str, str], str]]:
        """Tokens, each with the pinyin of the syllable it came from ("" for boundaries)."""
        out: list[tuple[tuple[str, str, str, str], str]] = []
        sylls = sentence.syllables
        word_start = True
        for k, s in enumerate(sylls):
            phones = syllable_phones(s.pinyin)
            if phones is None:
                raise UnknownSymbolError(f"syllable {s.pinyin!r} ({s.text!r}, in {sentence.text!r}) has no "
                                         f"{self.name} phones")
            tone = f"tone{s.tone}"
            last = k + 1 == len(sylls)
            word_end = s.break_after >= 1 or last
            out.append(((phones[0], tone, "s_begin", "word_begin" if word_start else "word_middle"), s.pinyin))
            out.append(((phones[1], tone, "s_end", "word_end" if word_end else "word_middle"), s.pinyin))
            if not last and s.break_after >= 1:
                out.append(((f"#{1 if s.break_after == 1 else 3}", "tone_none", "s_none", "word_none"), ""))
            word_start = word_end
        out.append((("#4", "tone_none", "s_none", "word_none"), ""))
        return out

    def to_phones(self, sentence: Sentence) -> list[str]:
        return ["{" + "$".join(t) + "}" for t in self.tokens(sentence)]

    def symbol_syllables(self, sentence: Sentence) -> list[int]:
        """Per token: a syllable's two phones (s_begin, s_end) -> its index; the boundaries #1/#3 between words
        and the closing #4 (s_none) -> -1."""
        out, k = [], -1
        for (_, _, flag, _), _ in self._tokens(sentence):
            if flag == "s_begin":
                k += 1
            out.append(k if flag in ("s_begin", "s_end") else -1)
        return out

    def to_ttsfrd_line(self, sentence: Sentence, emotion: str = "emotion_neutral", speaker: str | None = None) -> str:
        """The full 6-field line ttsfrd wrote (what KAN-TTS's encode_symbol_sequence parses)."""
        spk = speaker or self.vocab["speaker"][0]
        return " ".join("{" + "$".join((*t, emotion, spk)) + "}" for t in self.tokens(sentence))

    def encode(self, sentence: Sentence) -> list[tuple[int, int, int, int]]:
        sy_ids, tone_ids, flag_ids, ws_ids = (self.ids[k] for k in VOCAB_KEYS[:4])
        out = []
        for (sy, tone, flag, ws), pinyin in self._tokens(sentence):
            try:
                out.append((sy_ids["@" + sy], tone_ids[tone], flag_ids[flag], ws_ids[ws]))
            except KeyError as e:
                missing = e.args[0][1:] if e.args[0] == "@" + sy else e.args[0]
                where = f"syllable {pinyin!r} in " if pinyin else ""
                raise UnknownSymbolError(f"symbol {missing!r} ({where}{sentence.text!r}) is not in the "
                                         f"{self.name} symbol table") from None
        return out


def load_symbols(options: dict) -> KanttsSymbols:
    """options: "vocab" (a json file relative to "voice_dir", vocab_github_kantts.json's format),
    "speaker" (the speaker_list, default F7), "has_mask" (default True)."""
    has_mask = bool(options.get("has_mask", True))
    speaker = str(options.get("speaker", "F7"))
    vocab = None
    if options.get("vocab"):
        path = Path(options.get("voice_dir", ".")) / options["vocab"]
        try:
            vocab = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read the kantts vocab {path}: {e}") from e
    return KanttsSymbols(vocab, speaker=speaker, has_mask=has_mask)


_DEFAULT: KanttsSymbols | None = None


def _default() -> KanttsSymbols:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = KanttsSymbols()
    return _DEFAULT


def emotion_id(name: str | None) -> int:
    """Emotion name -> id in the default (emotion_types.py) table: 'neutral' -> 1, 'happy' -> 5."""
    return _default().emotion_id(name)


def speaker_id(name: str | None = None, speaker_list: str = "F7") -> int:
    """Speaker name -> id in a speaker_list table (the config's comma separated list; default F7 -> 0)."""
    return KanttsSymbols(speaker=speaker_list).speaker_id(name)


register("symbols", "kantts")(load_symbols)
