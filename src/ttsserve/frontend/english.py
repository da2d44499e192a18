"""English words inside Chinese text, read as a Mandarin speaker reads them, on Mandarin syllables.

A Mandarin voice has only Mandarin phones, so an English word becomes the Mandarin syllables closest to how
Mandarin speakers say it (iPhone -> ai4 feng1, Hello -> ha1 lou2), written as Chinese characters that have that
one reading (data/carriers.txt: for each toned syllable the most frequent single-reading character in jieba's
dictionary), so that the rest of the frontend (G2P, sandhi, timestamps) needs nothing new. In order:
1. a lexicon of common English words and brand names (LEXICON, case-insensitive), written in pinyin;
2. acronyms are spelled letter by letter, as today: a word in capitals of at most 5 letters (NBA, CPU, WHO), or a
   single letter;
3. otherwise a letter-to-sound fallback (`transliterate`): English spelling rules (digraphs, silent e, vowel
   teams) to rough phones, syllabified onto valid Mandarin syllables (consonant clusters get an epenthetic vowel:
   "d" -> de, "s" -> si; final n/ng stay codas; final l/r -> er).
Measured on bench/data/english_words.tsv (bench/english_words.py, docs/benchmarks.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# Letters as a Mandarin speaker spells them: the same characters as normalize.LETTERS (kept there).
LEXICON = {
    # greetings and everyday words
    "hello": "ha1 lou2", "hi": "hai1", "bye": "bai1", "byebye": "bai1 bai1", 
    "yes": "ye1 si1", "sorry": "suo1 rui4", "thanks": "san1 ke4 si1", "thank": "san1 ke4",
    "you": "you1", "world": "wo4 de2", "good": "gu3 de2", "nice": "nai4 si1", "cool": "ku4", "baby": "bei4 bi3",
    "party": "pai4 dui4", "man": "man4", "fans": "fen3 si1", "cosplay": "kou1 si1 pu3 lei4", "vlog": "wei1 luo4 ge2",
    "blog": "bo2 ke4", "email": "yi1 mei2 er3", "mail": "mei2 er3", "wifi": "wai4 fei1", "bug": "ba1 ge2",
    "app": "ai4 pu3", "online": "wang3 shang4", "style": "si1 dai4 er3", "show": "xiu4", "live": "lai2 fu1",
    "high": "hai1", "call": "kao1", "pose": "po1 si1", "logo": "luo1 ge1", "menu": "mai4 niu3",
    "coffee": "ka1 fei1", "latte": "na2 tie3", "pizza": "pi1 sa4", "cheese": "qi3 si1", "hamburger": "han4 bao3",
    "sofa": "sha1 fa1", "taxi": "di1 shi4", "bus": "ba1 shi4", "jeep": "ji2 pu3", "golf": "gao1 er3 fu1",
    "hacker": "hei1 ke4", "model": "mo2 te4", "print": "pu3 lin2 te4", "download": "dang1 lao1 de2",
    "check": "qie4 ke4", "level": "lai4 wo3", "team": "ti2 mu3", "boss": "bo1 si1", "case": "kai1 si1",
    "meeting": "mi1 ting1", "project": "pu3 luo2 jie2 ke4 te4", "deadline": "dai4 de2 lai4 en1",
    "office": "ao4 fei1 si1", "ppt": "pi1 pi1 ti2", "excel": "yi1 ke4 sai4 er3", "word": "wo4 de2",
    "zoom": "zu2 mu3", "top": "tuo4 pu3", "ios": "ai4 ou1 ai4 si1", "star": "si1 da2", "super": "su1 po4", "mini": "mi1 ni3", "pro": "pu3 rou2",
    "max": "mai4 ke4 si1", "plus": "pu3 la1 si1", "air": "ai4 er3", "home": "hou2 mu3", "love": "la1 fu2",
    "happy": "hai1 pi2", "game": "gei1 mu3", "over": "ou1 wo4", "tom": "tang1 mu3", "jack": "jie2 ke4",
    "mike": "mai4 ke4", "john": "yue1 han4", "mary": "ma3 li4", "lily": "li4 li4", "lucy": "lu4 xi1",
    "amy": "ai4 mi3", "kevin": "kai3 wen2", "david": "da4 wei4", "peter": "pi2 te4", "linda": "lin2 da2",
    "james": "zhan1 mu3 si1", "anna": "an1 na4", "emma": "ai4 ma3", "tony": "tuo1 ni2", "jerry": "jie2 rui4",
    # brands and products
    "iphone": "ai4 feng1", "ipad": "ai4 pai4 de2", "imac": "ai4 mai4 ke4", "mac": "mai4 ke4", "macbook": "mai4 ke4 bu4 ke4",
    "airpods": "ai4 er3 pao4 si1", "apple": "ai4 po3", "google": "gu3 ge1", "microsoft": "mai4 ke4 ruo4 suo1 fu1 te4",
    "windows": "wen2 dou1 si1", "android": "an1 zhuo2", "facebook": "fei1 si1 bu4 ke4", "twitter": "tui1 te4",
    "youtube": "you2 guan3", "tiktok": "tai4 ke4 tao4 ke4", "wechat": "wei1 qie4 te4", "amazon": "ya4 ma3 xun4",
    "tesla": "te4 si1 la1", "nike": "nai4 ke4", "adidas": "a1 di2 da2 si1", "intel": "ying1 te4 er3",
    "nvidia": "ying1 wei3 da2", "samsung": "san1 xing1", "sony": "suo3 ni2", "huawei": "hua2 wei2",
    "xiaomi": "xiao3 mi3", "starbucks": "xing1 ba1 ke4", "mcdonald": "mai4 dang1 lao2", "kfc": "ken3 de2 ji1",
    "coca": "ke3 kou3", "cola": "ke3 le4", "pepsi": "bai3 shi4", "disney": "di2 shi4 ni2", "netflix": "nai4 fei1",
    "chatgpt": "qie4 te4 ji1 pi1 ti1", "openai": "ou1 pen2 ai1 ai4", "linux": "li2 nu2 ke4 si1",
    "python": "pai4 sen1", "java": "zhua1 wa1", "github": "ji1 te4 ha1 bu4",
    "photoshop": "fu2 tuo1 sha1 pu3", "bmw": "bao3 ma3", "benz": "ben1 chi2", "audi": "ao4 di2", "uber": "you2 bu4",
    "ikea": "yi2 jia1", "lego": "le4 gao1", "zara": "zha1 la1", "gucci": "gu3 chi2", "chanel": "xiang1 nai4 er3",
    "prada": "pu3 la1 da2", "rolex": "lao2 li4 shi4", "visa": "wei1 sa4", "paypal": "pei4 pa4", "alipay": "zhi1 fu4 bao3",
    "taobao": "tao2 bao3", "baidu": "bai3 du4", "tencent": "teng2 xun4", "alibaba": "a1 li3 ba1 ba1",
    "bilibili": "bi1 li3 bi1 li3", "jd": "jing1 dong1", "ins": "yin1 si1", "instagram": "yin1 si1",
}

_ACRONYM_MAX = 5
_VOWELS = "aeiouy"


@lru_cache(maxsize=1)
def carriers() -> dict[str, str]:
    """Toned pinyin -> a character with that one reading (data/carriers.txt: `base c1c2c3c4`, '-' for none)."""
    table: dict[str, str] = {}
    for line in (Path(__file__).parent / "data" / "carriers.txt").read_text(encoding="utf-8").splitlines():
        base, chars = line.split()
        for tone, ch in enumerate(chars, 1):
            if ch != "-":
                table[f"{base}{tone}"] = ch
    return table


def _carrier(py: str) -> str:
    table = carriers()
    if py in table:
        return table[py]
    base = py.rstrip("12345")
    for near in (base, base[:-1] if base.endswith("ng") else base):  # another tone, else -ng read as -n
        for tone in "1423":  # the syllable in another tone rather than not at all
            if near + tone in table:
                return table[near + tone]
    raise KeyError(py)


def spell(word: str, letters: dict[str, str]) -> str:
    return "".join(letters[c] for c in word.upper())


def read_word(word: str, letters: dict[str, str]) -> str:
    """The Chinese characters a Mandarin voice reads for one run of Latin letters."""
    entry = LEXICON.get(word.lower())
    if entry is not None:
        return "".join(_carrier(py) for py in entry.split())
    if len(word) == 1 or (word.isupper() and len(word) <= _ACRONYM_MAX) or not any(c in _VOWELS for c in word.lower()):
        return spell(word, letters)
    return "".join(_carrier(py) for py in transliterate(word))


# ------------------------------------------------------------------------------------------ letter to sound
# English spelling -> rough phones. Each rule: (spelling, phone string); phones: one letter per consonant
# (S = sh, C = ch, N = ng, Z = zh, T = th) and vowels a e i o u plus diphthongs A (ai), E (ei), O (ou), W (ao), U (iu).
_RULES = [
    ("tion", "Sen"), ("sion", "Sen"), ("ture", "Cer"), ("igh", "A"), ("ough", "o"), ("augh", "o"), ("eigh", "E"),
    ("sch", "S"), ("tch", "C"), ("dge", "j"), ("ph", "f"), ("gh", "g"), ("ck", "k"), ("qu", "kw"), ("sh", "S"),
    ("ch", "C"), ("th", "s"), ("wh", "w"), ("ng", "N"), ("ee", "i"), ("ea", "i"), ("ie", "i"), ("oo", "u"),
    ("ou", "W"), ("ow", "W"), ("au", "o"), ("aw", "o"), ("ai", "E"), ("ay", "E"), ("ey", "E"), ("ei", "E"),
    ("oa", "O"), ("oe", "O"), ("oi", "oi"), ("oy", "oi"), ("ew", "U"), ("ue", "U"), ("ar", "a"), ("or", "o"),
    ("er", "e"), ("ir", "e"), ("ur", "e"), ("x", "ks"),
]
# Mandarin finals for each vowel phone (after an initial / alone), and the initial for each consonant phone.
_VOWEL_FINAL = {"a": "a", "e": "e", "i": "i", "o": "o", "u": "u", "A": "ai", "E": "ei", "O": "ou", "W": "ao",
                "U": "iu", "oi": "ao"}
_INITIAL = {"b": "b", "p": "p", "m": "m", "f": "f", "v": "w", "d": "d", "t": "t", "n": "n", "l": "l", "r": "r",
            "g": "g", "k": "k", "c": "k", "h": "h", "j": "zh", "q": "k", "z": "z", "s": "s", "S": "sh", "C": "ch",
            "Z": "zh", "w": "w", "y": "y"}
# A consonant with no vowel after it: its syllable with the usual epenthetic vowel.
_LONE = {"b": "bu", "p": "pu", "m": "mu", "f": "fu", "v": "fu", "d": "de", "t": "te", "n": "en", "l": "er",
         "r": "er", "g": "ge", "k": "ke", "c": "ke", "h": "he", "j": "qi", "q": "ke", "z": "zi", "s": "si",
         "S": "shi", "C": "qi", "Z": "zhi", "w": "wu", "y": "yi", "N": "en"}  # eng: no common character


@lru_cache(maxsize=1)
def _valid() -> set[str]:
    return {py[:-1] for py in carriers()}


def _phones(word: str) -> list[str]:
    w = word.lower()
    if len(w) > 3 and w.endswith("e") and w[-2] not in _VOWELS and w[-3] in _VOWELS:
        w = w[:-1]  # silent final e: make, cute -> the vowel before it is long
        long_vowel = True
    else:
        long_vowel = False
    w = re.sub(r"([bcdfgklmnprstvz])\1", r"\1", w)  # doubled consonants
    out: list[str] = []
    i = 0
    while i < len(w):
        for spelling, phones in _RULES:
            if w.startswith(spelling, i):
                out += list(phones) if phones not in ("oi",) else ["oi"]
                i += len(spelling)
                break
        else:
            ch = w[i]
            if ch == "c":
                ch = "s" if w[i + 1 : i + 2] in ("e", "i", "y") else "k"
            elif ch == "g" and w[i + 1 : i + 2] in ("e", "i", "y") and i > 0:
                ch = "j"
            elif ch == "y":
                ch = "y" if i == 0 and len(w) > 1 and w[1] in _VOWELS else "i"
            out.append(ch)
            i += 1
    if long_vowel:
        for k in range(len(out) - 1, -1, -1):
            if out[k] in ("a", "i", "o", "u"):
                out[k] = {"a": "E", "i": "A", "o": "O", "u": "U"}[out[k]]
                break
    return out


def _is_vowel(p: str) -> bool:
    return p in _VOWEL_FINAL


def _syllable(initial: str, final: str) -> str:
    """A valid Mandarin syllable (toneless) near initial + final."""
    candidates = [initial + final]
    if initial in ("j", "q", "x") or final.startswith("i") and initial in ("g", "k", "h"):
        candidates.append({"g": "j", "k": "q", "h": "x"}.get(initial, initial) + final)
    candidates += [initial + alt for alt in {"o": ["uo", "ou"], "e": ["ei", "ai"], "i": ["ei", "ui", "ai"],
                                             "u": ["ou", "a"], "iu": ["ou", "u"], "a": ["ai"], "ei": ["ai"],
                                             "ou": ["uo", "u"], "ao": ["ou"], "ai": ["a"]}.get(final, [])]
    if not initial:
        candidates = [{"i": "yi", "u": "wu", "iu": "you", "o": "ou"}.get(final, final)] + candidates
    if initial == "w":
        candidates += ["w" + {"i": "ei", "e": "ei", "o": "o", "u": "u"}.get(final, "a")]
    if initial == "y":
        candidates += ["y" + {"i": "i", "e": "e", "a": "a", "o": "ou", "u": "ou"}.get(final, "i")]
    for c in candidates:
        if c in _valid():
            return c
    return _LONE.get(initial, "e") if initial else "e"


def transliterate(word: str) -> list[str]:
    """Toned pinyin syllables for an English word by spelling rules (tone 1, the last syllable tone 4 when the
    word has more than one: the falling end Mandarin speakers give loanwords)."""
    phones = _phones(word)
    sylls: list[str] = []
    i = 0
    while i < len(phones):
        p = phones[i]
        if _is_vowel(p):
            final = _VOWEL_FINAL[p]
            initial = ""
        elif i + 1 < len(phones) and _is_vowel(phones[i + 1]) and p in _INITIAL:
            initial, final = _INITIAL[p], _VOWEL_FINAL[phones[i + 1]]
            i += 1
        else:
            sylls.append(_LONE.get(p, "e"))
            i += 1
            continue
        # a nasal coda (n, ng, m before a consonant or at the end) joins the syllable when Mandarin has it
        nxt = phones[i + 1] if i + 1 < len(phones) else None
        after = phones[i + 2] if i + 2 < len(phones) else None
        if nxt in ("n", "N") and (after is None or not _is_vowel(after)):
            coda = "n" if nxt == "n" else "ng"
            base = {"i": "in", "e": "en", "a": "an", "o": "ong" if coda == "ng" else "en", "u": "un"}.get(final[-1:], "")
            base = (final[:-1] + base) if base else ""
            if coda == "ng" and base.endswith("n") and not base.endswith("ng"):
                base += "g"
            if base and _syllable(initial, base) == initial + base or (not initial and base in _valid()):
                sylls.append(initial + base if initial else base)
                i += 2
                continue
        sylls.append(_syllable(initial, final))
        i += 1
    tones = ["1"] * len(sylls)
    if len(sylls) > 1:
        tones[-1] = "4"
    return [s + t if s + t in carriers() or not _carrier_exists(s) else s + _any_tone(s) for s, t in zip(sylls, tones)]


def _carrier_exists(base: str) -> bool:
    return any(base + t in carriers() for t in "1234")


def _any_tone(base: str) -> str:
    return next(t for t in "1423" if base + t in carriers())
