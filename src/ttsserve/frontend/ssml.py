"""An SSML subset, read into the frontend's sentences with per-sentence controls (exact breaks, prosody, emotion).

The document is parsed by defusedxml over expat: a DTD (so any entity declaration: billion laughs, external
entities) is refused, nesting is bounded, and the text length is bounded before we get here. The markup becomes
"chunks" of plain text, each with the controls in force; a chunk ends at a <break>, a <p>/<s> edge or a change of
controls, and each chunk goes through the ordinary frontend (normalization, G2P), so plain text inside <speak> is
read exactly as it would be without it. Elements that change what is read (say-as, phoneme, sub) are rewritten
into text the frontend reads as intended: Chinese characters, with the inline `字[pinyin]` form where a reading is
forced. Spans (timestamps) index the document's text content: the concatenation of its character data, entities
decoded, markup left out. The element set and its behaviour are documented in the README ("SSML").
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

from ttsserve.errors import SsmlError, TextError
from ttsserve.frontend.g2p import is_syllable
from ttsserve.frontend.normalize import CURRENCY_PREFIX, DIGITS, LETTERS, PHONE_DIGITS, _digits, _num, _time
from ttsserve.pipeline.base import FrontendOutput, MarkupInfo, Sentence, SpanControls

SSML_NS = "http://www.w3.org/2001/10/synthesis"
MSTTS_NS = "http://www.w3.org/2001/mstts"  # Azure's namespace, for <mstts:express-as>
MAX_DEPTH = 32
MAX_BREAK_S = 10.0
# <speak ...>, after an optional XML declaration; or a DOCTYPE there, which `parse` then refuses by name.
_START = re.compile(r"\s*(<\?xml[^>]*\?>\s*)?(<speak(\s[^<>]*)?/?>|<!DOCTYPE\s)", re.IGNORECASE)

# <break strength>: seconds of silence (none: no break at all).
BREAK_STRENGTH_S = {"none": 0.0, "x-weak": 0.1, "weak": 0.2, "medium": 0.4, "strong": 0.7, "x-strong": 1.0}
# <prosody> named values, as multipliers.
RATE_NAMES = {"x-slow": 0.6, "slow": 0.8, "medium": 1.0, "default": 1.0, "fast": 1.25, "x-fast": 1.6}
PITCH_NAMES = {"x-low": 0.8, "low": 0.9, "medium": 1.0, "default": 1.0, "high": 1.1, "x-high": 1.2}
VOLUME_NAMES = {"silent": 0.0, "x-soft": 0.25, "soft": 0.5, "medium": 1.0, "default": 1.0, "loud": 1.4,
                "x-loud": 2.0}
LIMITS = {"rate": (0.5, 2.0), "pitch": (0.5, 2.0), "volume": (0.0, 2.0)}  # the request fields' ranges

# Surnames whose reading differs from the character's usual one (say-as interpret-as="name"): the first
# characters of the name, longest first.
SURNAMES = {
    "尉迟": ["yu4", "chi2"], "万俟": ["mo4", "qi2"], "单于": ["chan2", "yu2"], "长孙": ["zhang3", "sun1"],
    "澹台": ["tan2", "tai2"], "令狐": ["ling2", "hu2"], "单": ["shan4"], "曾": ["zeng1"], "解": ["xie4"],
    "区": ["ou1"], "查": ["zha1"], "朴": ["piao2"], "仇": ["qiu2"], "盖": ["ge3"], "华": ["hua4"], "乐": ["yue4"],
    "秘": ["bi4"], "缪": ["miao4"], "尉": ["yu4"], "种": ["chong2"], "覃": ["qin2"], "翟": ["zhai2"],
    "召": ["shao4"], "任": ["ren2"], "员": ["yun4"], "繁": ["po2"], "句": ["gou1"], "纪": ["ji3"], "过": ["guo1"],
    "便": ["pian2"], "黑": ["he4"], "洗": ["xian3"], "隗": ["wei3"], "相": ["xiang4"], "贲": ["ben1"],
    "臧": ["zang1"], "燕": ["yan1"], "谌": ["chen2"], "迮": ["ze2"], "阚": ["kan4"], "能": ["nai4"],
    "折": ["she2"], "那": ["na1"], "宁": ["ning4"], "石": ["shi2"], "沈": ["shen3"], "薄": ["bo2"],
    "重": ["chong2"], "蕃": ["pi2"], "眭": ["sui1"], "訾": ["zi1"],
}

_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_ssml(text: str) -> bool:
    """Whether `text` is an SSML document: it starts with <speak (or a DOCTYPE), after an optional XML declaration."""
    return _START.match(text) is not None


@dataclass
class Chunk:
    text: str  # plain text for the frontend (may hold inline readings: 长[chang2])
    spans: list[tuple[int, int]]  # per character of `text`: the [start, end) of the text content it reads
    controls: SpanControls


@dataclass
class Document:
    chunks: list[Chunk]
    text_content: str
    elements: list[dict]
    tail_silence_s: float


@dataclass
class _Node:
    name: str
    attrs: dict[str, str]
    pos: int  # character offset of the element in the document
    children: list = field(default_factory=list)  # _Node or (text, first content offset)


class _Builder:
    """expat target: a small tree with positions, and the text content."""

    def __init__(self, source: str, expat_parser) -> None:
        self.source_bytes = source.encode("utf-8")
        self.expat = expat_parser
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self.content: list[str] = []
        self.content_len = 0

    def _pos(self) -> int:
        b = self.expat.CurrentByteIndex
        return len(self.source_bytes[: max(b, 0)].decode("utf-8", "ignore"))

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        pos = self._pos()
        if len(self.stack) >= MAX_DEPTH:
            raise SsmlError(f"SSML nests deeper than {MAX_DEPTH} elements (at character {pos})")
        ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if ns not in ("", SSML_NS) and not (ns == MSTTS_NS and local == "express-as"):
            raise SsmlError(f"unsupported element <{local}> in namespace {ns!r} at character {pos}")
        node = _Node(local, {_attr_name(k): v for k, v in attrs.items()}, pos)
        if self.stack:
            self.stack[-1].children.append(node)
        elif self.root is None:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].children.append((text, self.content_len))
        self.content.append(text)
        self.content_len += len(text)

    def close(self) -> None:
        return None


def _attr_name(name: str) -> str:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ("xml:" + local) if ns == "http://www.w3.org/XML/1998/namespace" else local
    return name


def parse_tree(text: str) -> tuple[_Node, str]:
    """The document's tree and its text content. Raises SsmlError for anything that does not parse or is unsafe."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder = _Builder(text, parser.parser)
    # Point expat's callbacks at our builder (ElementTree's XMLParser bound its own target's methods at init).
    parser.parser.StartElementHandler = lambda tag, attrs: builder.start(parser._fixname(tag), {
        parser._fixname(attrs[i]): attrs[i + 1] for i in range(0, len(attrs), 2)})
    parser.parser.EndElementHandler = lambda tag: builder.end(tag)
    parser.parser.CharacterDataHandler = builder.data
    parser.parser.buffer_text = False
    try:
        parser.parser.Parse(text.encode("utf-8"), True)
    except SsmlError:
        raise
    except DefusedXmlException as exc:
        raise SsmlError(f"SSML may not declare a DTD or entities ({type(exc).__name__})") from None
    except xml.parsers.expat.ExpatError as exc:
        raise SsmlError(f"SSML does not parse: {xml.parsers.expat.ErrorString(exc.code)} at line {exc.lineno}, "
                        f"column {exc.offset + 1}") from None
    if builder.root is None or builder.root.name != "speak":
        raise SsmlError("SSML must have <speak> as its root element")
    return builder.root, "".join(builder.content)


def parse(text: str) -> Document:
    root, content = parse_tree(text)
    reader = _Reader()
    _check_attrs(root, {"version", "xml:lang", "xml:base", "lang"})
    reader.children(root, SpanControls())
    reader.close_chunk()
    return Document(chunks=reader.chunks, text_content=content,
                    elements=sorted(reader.elements, key=lambda e: e["position"]),
                    tail_silence_s=reader.pending_gap or 0.0)


def _where(node: _Node) -> str:
    return f"<{node.name}> at character {node.pos}"


def _check_attrs(node: _Node, allowed: set[str]) -> None:
    for name in node.attrs:
        if name not in allowed and not name.startswith("xmlns"):
            raise SsmlError(f"unsupported attribute {name!r} on {_where(node)}")


def _text_only(node: _Node) -> tuple[str, list[tuple[int, int]]]:
    """The text of an element that may hold only text, with each character's content span."""
    chars, spans = [], []
    for child in node.children:
        if isinstance(child, _Node):
            raise SsmlError(f"<{child.name}> at character {child.pos} is not allowed inside {_where(node)}")
        text, start = child
        chars.append(text)
        spans += [(start + i, start + i + 1) for i in range(len(text))]
    return "".join(chars), spans


def _combine_gaps(a: float | None, b: float | None) -> float | None:
    """Two boundaries in a row: explicit silences add up; an explicit one replaces the usual sentence pause (None),
    which itself wins over a mere change of controls (0)."""
    if a is None or b is None:
        other = b if a is None else a
        return other if other else None
    return a + b


class _Reader:
    def __init__(self) -> None:
        self.chunks: list[Chunk] = []
        self.elements: list[dict] = []
        self.text: list[str] = []
        self.spans: list[tuple[int, int]] = []
        self.controls: SpanControls | None = None
        self.pending_gap: float | None = 0.0  # before the next chunk (0: none yet: the document's start)
        self.gap_set = False

    # ---- chunks
    def emit(self, text: str, spans: list[tuple[int, int]], controls: SpanControls) -> None:
        if self.controls is not None and controls != self.controls and "".join(self.text).strip():
            self.boundary(0.0)
        self.controls = controls
        self.text.append(text)
        self.spans += spans

    def boundary(self, gap: float | None) -> None:
        """A chunk ends here; `gap`: exact silence (s) before the next one, None for the usual sentence pause."""
        self.close_chunk()
        self.pending_gap = _combine_gaps(self.pending_gap, gap) if self.gap_set else gap
        self.gap_set = True

    def close_chunk(self) -> None:
        text = "".join(self.text)
        if text.strip() and self.controls is not None:
            gap = self.pending_gap if self.gap_set else None
            controls = SpanControls(gap_before_s=gap, rate=self.controls.rate, pitch=self.controls.pitch,
                                    volume=self.controls.volume, emotion=self.controls.emotion)
            self.chunks.append(Chunk(text=text, spans=self.spans, controls=controls))
            self.pending_gap, self.gap_set = None, False
        elif not self.chunks and not self.gap_set:
            self.pending_gap = 0.0
        self.text, self.spans = [], []

    # ---- elements
    def children(self, node: _Node, controls: SpanControls) -> None:
        for child in node.children:
            if isinstance(child, _Node):
                self.element(child, controls)
            else:
                text, start = child
                text = re.sub(r"\s", " ", text)  # line breaks in markup are layout, not sentence ends
                self.emit(text, [(start + i, start + i + 1) for i in range(len(text))], controls)

    def note(self, node: _Node, **effect) -> None:
        self.elements.append({"element": node.name, "position": node.pos, **effect})

    def element(self, node: _Node, controls: SpanControls) -> None:
        handler = getattr(self, "_" + node.name.replace("-", "_"), None)
        if handler is None:
            raise SsmlError(f"unsupported SSML element {_where(node)}")
        handler(node, controls)

    def _speak(self, node: _Node, controls: SpanControls) -> None:
        raise SsmlError(f"{_where(node)} inside <speak>")

    def _p(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"xml:lang"})
        self.boundary(None)
        self.children(node, controls)
        self.boundary(None)
        self.note(node, effect="sentence boundary before and after")

    _s = _p

    def _break(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"time", "strength"})
        if node.children:
            raise SsmlError(f"{_where(node)} must be empty")
        if "time" in node.attrs:
            seconds = _duration(node.attrs["time"], node)
        else:
            strength = node.attrs.get("strength", "medium")
            if strength not in BREAK_STRENGTH_S:
                raise SsmlError(f"{_where(node)}: strength must be one of {', '.join(BREAK_STRENGTH_S)}")
            seconds = BREAK_STRENGTH_S[strength]
        if seconds > 0 or "time" in node.attrs:
            self.boundary(seconds)
        self.note(node, silence_s=seconds)

    def _say_as(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"interpret-as", "format", "detail"})
        kind = node.attrs.get("interpret-as")
        text, spans = _text_only(node)
        reader = SAY_AS.get(kind or "")
        if reader is None:
            raise SsmlError(f"{_where(node)}: interpret-as {kind!r} is not supported; use one of "
                            f"{', '.join(sorted(SAY_AS))}")
        try:
            out = reader(text.strip(), node.attrs.get("format"))
        except SsmlError:
            raise
        except (ValueError, KeyError, IndexError):
            raise SsmlError(f"{_where(node)}: cannot read {text.strip()[:40]!r} as {kind}") from None
        whole = (spans[0][0], spans[-1][1]) if spans else _empty_span(self, node)
        if kind == "name":
            self.emit(out, _name_spans(out, text, spans), controls)
        else:
            self.emit(out, [whole] * len(out), controls)
        self.note(node, interpret_as=kind, text=text, read_as=out)

    def _phoneme(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"alphabet", "ph"})
        if node.attrs.get("alphabet", "pinyin") != "pinyin":
            raise SsmlError(f"{_where(node)}: alphabet {node.attrs['alphabet']!r} is not supported; use pinyin")
        readings = [p.lower().replace("ü", "v").replace("u:", "v") for p in node.attrs.get("ph", "").split()]
        text, spans = _text_only(node)
        hanzi = [i for i, c in enumerate(text) if _HANZI.match(c)]
        if not hanzi and text.strip():  # another script (iPhone, a symbol): the syllables replace the whole text
            if not readings or not all(is_syllable(p) and _has_carrier(p) for p in readings):
                raise SsmlError(f"{_where(node)}: ph must be pinyin syllables with tones (1-5), "
                                f"got {node.attrs.get('ph', '')!r}")
            from ttsserve.frontend.english import _carrier

            out = "".join(f"{_carrier(py)}[{py}]" for py in readings)
            self.emit(out, [(spans[0][0], spans[-1][1])] * len(out), controls)
            self.note(node, text=text, pinyin=readings)
            return
        if any(not c.isspace() for i, c in enumerate(text) if i not in hanzi):
            raise SsmlError(f"{_where(node)}: the text must be Chinese characters (one per pinyin syllable), or "
                            "contain none")
        if len(readings) != len(hanzi) or not all(is_syllable(p) for p in readings):
            raise SsmlError(f"{_where(node)}: ph must give one pinyin with tone (1-5) per character: "
                            f"{len(hanzi)} characters, ph={node.attrs.get('ph', '')!r}")
        out, out_spans = [], []
        for i, py in zip(hanzi, readings):
            piece = f"{text[i]}[{py}]"
            out.append(piece)
            out_spans += [spans[i]] * len(piece)
        self.emit("".join(out), out_spans, controls)
        self.note(node, text=text, pinyin=readings)

    def _sub(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"alias"})
        if "alias" not in node.attrs:
            raise SsmlError(f"{_where(node)} needs an alias")
        alias = node.attrs["alias"]
        text, spans = _text_only(node)
        whole = (spans[0][0], spans[-1][1]) if spans else _empty_span(self, node)
        self.emit(alias, [whole] * len(alias), controls)
        self.note(node, text=text, read_as=alias)

    def _prosody(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"rate", "pitch", "volume"})
        values = {}
        for name, names in (("rate", RATE_NAMES), ("pitch", PITCH_NAMES), ("volume", VOLUME_NAMES)):
            if name in node.attrs:
                values[name] = _scale(node.attrs[name], names, node, name) * getattr(controls, name)
                lo, hi = LIMITS[name]
                if not lo <= values[name] <= hi:
                    raise SsmlError(f"{_where(node)}: {name} comes to {values[name]:.3g} times the voice's own; "
                                    f"the supported range is {lo:g}-{hi:g}")
        inner = SpanControls(rate=values.get("rate", controls.rate), pitch=values.get("pitch", controls.pitch),
                             volume=values.get("volume", controls.volume), emotion=controls.emotion)
        self.children(node, inner)
        self.note(node, **{k: round(v, 4) for k, v in values.items()})

    def _express_as(self, node: _Node, controls: SpanControls) -> None:
        _check_attrs(node, {"style"})
        style = node.attrs.get("style", "").strip()
        if not style:
            raise SsmlError(f"{_where(node)} needs a style (one of the voice's emotions)")
        inner = SpanControls(rate=controls.rate, pitch=controls.pitch, volume=controls.volume, emotion=style)
        self.children(node, inner)
        self.note(node, style=style)


def _has_carrier(py: str) -> bool:
    from ttsserve.frontend.english import carriers

    base = py.rstrip("12345")
    return any(base + t in carriers() for t in "12345")


def _empty_span(reader: _Reader, node: _Node) -> tuple[int, int]:
    at = reader.spans[-1][1] if reader.spans else (reader.chunks[-1].spans[-1][1] if reader.chunks else 0)
    return (at, at)


def _duration(value: str, node: _Node) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*", value)
    if not m:
        raise SsmlError(f"{_where(node)}: time must be like 500ms or 1.5s, not {value[:20]!r}")
    seconds = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
    if seconds > MAX_BREAK_S:
        raise SsmlError(f"{_where(node)}: a break may last at most {MAX_BREAK_S:g} s")
    return seconds


def _scale(value: str, names: dict[str, float], node: _Node, attr: str) -> float:
    """A prosody value as a multiplier: a name, a percentage change (+20%, -10%), a relative number (1.2),
    semitones for pitch (+2st), decibels for volume (-6dB)."""
    v = value.strip().lower()
    if v in names:
        return names[v]
    if m := re.fullmatch(r"([+-]?\d+(?:\.\d+)?)%", v):
        return 1 + float(m.group(1)) / 100 if m.group(1)[0] in "+-" else float(m.group(1)) / 100
    if attr == "pitch" and (m := re.fullmatch(r"([+-]?\d+(?:\.\d+)?)st", v)):
        return 2 ** (float(m.group(1)) / 12)
    if attr == "volume" and (m := re.fullmatch(r"([+-]?\d+(?:\.\d+)?)db", v)):
        return 10 ** (float(m.group(1)) / 20)
    if re.fullmatch(r"\d+(?:\.\d+)?", v):
        return float(v)
    raise SsmlError(f"{_where(node)}: {attr}={value[:20]!r} is not a value we read (a name such as "
                    f"{next(iter(names))}, a percentage such as +20%, or a number)")


# ------------------------------------------------------------------------------------------------ say-as
def _say_digits(text: str, fmt: str | None) -> str:
    if not re.fullmatch(r"[\d\s-]+", text):
        raise ValueError(text)
    return _digits(re.sub(r"[\s-]", "", text))


def _say_telephone(text: str, fmt: str | None) -> str:
    m = re.fullmatch(r"(\+|00)?([\d\s()-]+)", text)
    if not m or not any(c.isdigit() for c in text):
        raise ValueError(text)
    prefix = {"+": "加", "00": "零零"}.get(m.group(1) or "", "")
    groups = [g for g in re.split(r"[\s()-]+", m.group(2)) if g]
    # groups keep their pauses: a comma between them (the frontend makes it a short phrase break)
    return prefix + "，".join(_digits(g, PHONE_DIGITS) for g in groups)


def _say_cardinal(text: str, fmt: str | None) -> str:
    t = text.replace(",", "").replace("，", "")
    m = re.fullmatch(r"([+-]?)(\d+(?:\.\d+)?)", t)
    if not m:
        raise ValueError(text)
    return ("负" if m.group(1) == "-" else "") + _num(m.group(2))


def _say_ordinal(text: str, fmt: str | None) -> str:
    t = text.removeprefix("第")
    return "第" + _say_cardinal(t, fmt)


def _say_date(text: str, fmt: str | None) -> str:
    """Dates by `format` (the order of y, m, d; default ymd, or the fields it names: ym, md, y...)."""
    fmt = (fmt or "").lower() or None
    parts = [p for p in re.split(r"[-/.年月日号\s]+", text) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    if fmt is None:
        fmt = {3: "ymd", 2: "md" if len(parts[0]) <= 2 else "ym", 1: "y" if len(parts[0]) == 4 else "d"}[len(parts)]
    if len(fmt) != len(parts) or set(fmt) - set("ymd") or len(set(fmt)) != len(fmt):
        raise ValueError(text)
    fields = dict(zip(fmt, parts))
    out = ""
    if "y" in fields:
        out += _digits(fields["y"]) + "年"
    if "m" in fields:
        if not 1 <= int(fields["m"]) <= 12:
            raise ValueError(text)
        out += _num(str(int(fields["m"]))) + "月"
    if "d" in fields:
        if not 1 <= int(fields["d"]) <= 31:
            raise ValueError(text)
        out += _num(str(int(fields["d"]))) + "日"
    return out


def _say_time(text: str, fmt: str | None) -> str:
    m = re.fullmatch(r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?", text)
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59 or (m.group(3) and int(m.group(3)) > 59):
        raise ValueError(text)
    return _time(m)


_CURRENCY_CODES = {"CNY": "元", "RMB": "元", "USD": "美元", "EUR": "欧元", "GBP": "英镑", "HKD": "港元",
                   "JPY": "日元", "元": "元", "美元": "美元", "欧元": "欧元", "英镑": "英镑", "港元": "港元", "日元": "日元"}


def _say_currency(text: str, fmt: str | None) -> str:
    """¥12.50, $3, 12.5 USD, CNY 100 (or a bare amount: yuan); cents read as 角/分 for yuan amounts."""
    t = text.replace(",", "").strip()
    m = re.fullmatch(r"(HK\$|[¥￥$€£])?\s*([A-Z]{3})?\s*(\d+(?:\.\d+)?)\s*([A-Z]{3}|元|美元|欧元|英镑|港元|日元)?", t)
    if not m or (m.group(1) and (m.group(2) or m.group(4))):
        raise ValueError(text)
    unit = CURRENCY_PREFIX.get(m.group(1) or "") or _CURRENCY_CODES[m.group(2) or m.group(4) or fmt or "CNY"]
    whole, _, frac = m.group(3).partition(".")
    if unit == "元" and frac and len(frac) <= 2:
        jiao, fen = int((frac + "0")[0]), int((frac + "0")[1])
        out = _num(whole) + "元" if int(whole) or not (jiao or fen) else ""
        if jiao:
            out += DIGITS[jiao] + "角"
        elif fen and out:
            out += "零"
        if fen:
            out += DIGITS[fen] + "分"
        return out
    return _num(m.group(3)) + unit


def _say_characters(text: str, fmt: str | None) -> str:
    out = []
    for c in text:
        if c.isspace():
            continue
        if c.isascii() and c.isalpha():
            out.append(LETTERS[c.upper()])
        elif c.isdecimal():
            out.append(DIGITS[int(c)])
        else:
            out.append(c)
    return "".join(out)


def _say_name(text: str, fmt: str | None) -> str:
    name = text.strip()
    for length in (2, 1):
        readings = SURNAMES.get(name[:length])
        if readings:
            return "".join(f"{c}[{py}]" for c, py in zip(name[:length], readings)) + name[length:]
    return name


def _name_spans(out: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of a name with inline readings: each character (and its brackets) reads its own character."""
    lead = len(text) - len(text.lstrip())
    result, k = [], lead
    i = 0
    while i < len(out):
        if i + 1 < len(out) and out[i + 1] == "[":
            end = out.index("]", i) + 1
            result += [spans[k]] * (end - i)
            i = end
        else:
            result.append(spans[min(k, len(spans) - 1)])
            i += 1
        k += 1
    return result


SAY_AS = {"digits": _say_digits, "telephone": _say_telephone, "cardinal": _say_cardinal, "number": _say_cardinal,
          "ordinal": _say_ordinal, "date": _say_date, "time": _say_time, "currency": _say_currency,
          "characters": _say_characters, "spell-out": _say_characters, "name": _say_name}


# ------------------------------------------------------------------------------------------------ assembly
def process(text: str, sentences_of) -> FrontendOutput:
    """An SSML document through a frontend: `sentences_of(plain) -> (sentences, normalized text)` reads one
    chunk (its spans index the chunk). Sentence spans come back indexing the document's text content."""
    doc = parse(text)
    sentences: list[Sentence] = []
    normalized: list[str] = []
    carried: float | None = None  # the gap of a chunk with nothing speakable goes to the next one
    carry = False
    for chunk in doc.chunks:
        found, norm = sentences_of(chunk.text)
        gap = _combine_gaps(carried, chunk.controls.gap_before_s) if carry else chunk.controls.gap_before_s
        if not found:
            carried, carry = gap, True
            continue
        carried, carry = None, False
        normalized.append(norm)
        for k, sentence in enumerate(found):
            controls = SpanControls(gap_before_s=gap if k == 0 else None, rate=chunk.controls.rate,
                                    pitch=chunk.controls.pitch, volume=chunk.controls.volume,
                                    emotion=chunk.controls.emotion)
            sentences.append(_remapped(sentence, chunk.spans, controls))
    if not sentences:
        raise TextError("text contains nothing speakable")
    tail = doc.tail_silence_s + (carried or 0.0 if carry else 0.0)
    return FrontendOutput(normalized_text="".join(normalized), sentences=tuple(sentences), source=text,
                          markup=MarkupInfo(text_content=doc.text_content, elements=tuple(doc.elements),
                                            tail_silence_s=tail))


def _remap_span(span: tuple[int, int], spans: list[tuple[int, int]]) -> tuple[int, int]:
    a, b = span
    if not spans:
        return (0, 0)
    if b <= a:
        at = spans[a][0] if a < len(spans) else spans[-1][1]
        return (at, at)
    return (min(s[0] for s in spans[a:b]), max(s[1] for s in spans[a:b]))


def _remapped(sentence: Sentence, spans: list[tuple[int, int]], controls: SpanControls) -> Sentence:
    from dataclasses import replace

    syllables = tuple(replace(s, span=None if s.span is None else _remap_span(s.span, spans)) for s in sentence.syllables)
    return replace(sentence, span=_remap_span(sentence.span, spans), syllables=syllables, controls=controls)


def text_content(text: str) -> str:
    """The text content of an SSML document (what its spans and timestamps index)."""
    return parse_tree(text)[1]
