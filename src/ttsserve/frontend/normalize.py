"""Chinese text normalization: digits, dates, times, money, units, phone numbers and letters -> words.

cn2an does the number reading (integers, decimals, negatives, fractions, percentages, years, dates); the
patterns here handle what it does not know: clock times, scores, ranges, currency symbols, units, phone
numbers (mobile, landline, 400/800, with a +86 code; hyphens or spaces between the groups), flight and train
codes (CA1234, G1234), thousands separators, 两 before measure words, English words and acronyms
(frontend/english.py), and the characters we drop.
Order matters: the specific patterns run before the general number reading.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an

from ttsserve.frontend.english import read_word

DIGITS = "零一二三四五六七八九"
PHONE_DIGITS = "零幺二三四五六七八九"  # 1 is read 幺 in phone numbers

# Letters as a Mandarin speaker spells them (what the Baker voice can pronounce).
LETTERS = {
    "A": "诶", "B": "比", "C": "西", "D": "迪", "E": "伊", "F": "艾弗", "G": "吉", "H": "艾尺", "I": "艾",
    "J": "杰", "K": "开", "L": "艾勒", "M": "艾姆", "N": "恩", "O": "欧", "P": "批", "Q": "丘", "R": "阿尔",
    "S": "艾丝", "T": "提", "U": "优", "V": "维", "W": "达布溜", "X": "艾克斯", "Y": "歪", "Z": "贼德",
}

# (Data sizes keep their letters, spoken as the abbreviation: 8GB 八GB, as people say it, not the standard names
# 吉字节 / 兆字节 nobody reads aloud; two held-out sets' writers labelled them so: docs/benchmarks.md, session 33.)
UNITS = {
    "km/h": "公里每小时", "m/s": "米每秒", "kg": "千克", "km": "公里", "cm": "厘米", "mm": "毫米", "ml": "毫升",
    "mg": "毫克", "kb": "KB", "mb": "MB", "gb": "GB", "tb": "TB", "kw": "千瓦", "kwh": "千瓦时",
    "°c": "摄氏度", "℃": "摄氏度", "°f": "华氏度", "℉": "华氏度", "°": "度", "km²": "平方公里", "cm²": "平方厘米", "m²": "平方米", "㎡": "平方米",
    "cm³": "立方厘米", "m³": "立方米",
    "mah": "毫安时", "mbps": "兆比特每秒", "ghz": "吉赫兹", "mhz": "兆赫兹", "khz": "千赫兹", "hz": "赫兹",
    "mmhg": "毫米汞柱", "mmol": "毫摩尔", "mol": "摩尔",
    "min": "分钟", "nm": "纳米", "μg": "微克", "μm": "微米", "m": "米", "g": "克", "l": "升", "h": "小时", "s": "秒", "t": "吨", "w": "瓦", "v": "伏",
}
# One-letter units in capitals: only these (5G, 4S店, 3D, 4A景区 are letters); w and v are units only in capitals
# (月薪2w is 两万 to some writers, 65w 瓦 to others).
CAPITAL_UNITS = {"L", "W", "V"}
UNIT_PATTERN = ("km/h|m/s|mmhg|mmol|mol|min|kwh|nm|μg|μm|mah|mbps|ghz|mhz|khz|hz|km²|cm²|cm³|km|kg|cm|mm|ml|mg|kb|mb|gb|tb|kw|°C|°F|°c|°f|℃|℉|°|"
                "m²|m³|㎡|m|g|l|h|s|t|w|v")
# Words of a measure that a "/" turns into a rate (99元/月, 5mg/kg, 500MB/s): read 每
_PER_BEFORE = "元克米升节时秒次人伏瓦尔B转圈页字件份张"  # (B: a data size's letters, 500MB/s; 转/分钟: TN set 34)
_PER_AFTER = "年月日天周时小分秒人次件个千公平斤克米升位张晚份碗瓶台套只箱包盒双袋杯间"  # (80元/位, 299元/晚: TN set 30)
CURRENCY_PREFIX = {"¥": "元", "￥": "元", "$": "美元", "€": "欧元", "£": "英镑", "HK$": "港元"}

# After N年 (a span of years, not a year): 500年前, 20年来, 800年的历史; and before it: 住了20年, 近30年, 贷款20年
_AFTER_SPAN = "前|后|来|间|内|里|多|左右|以上|以下|之久|之内|之间|的历史|以来|了|整|代"  # (80年代: 八十年代)
_THOUSANDS_SPAN = "前|多|左右|以上|以下|之久|的历史|之间|间"
_BEFORE_SPAN = ("了|过|近|长达|达|将近|整整|共|满|超过|不到|约|每|这|那|过去|未来|最近|前|后|几|有|贷款|期限|为期|刑期|租期|保修|"
                "质保|工龄|教龄|寿命|用了|花了")
# Measure words after which 二 is read 两 (两个, 两本), unless it is part of an ordinal or a longer number.
MEASURE_WORDS = "个位本只条张件把台辆次天年岁种份家口头匹双对块元斤人名层所支杯瓶碗场项篇首部棵朵颗间座架艘节门批届样片粒包盒袋套遍趟圈句室厅卫"

_NUM = r"\d+(?:\.\d+)?"
_CJK_PUNCT = set("，。：；！？（）、")
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn", "So", "Sk"}


def _digits(s: str, table: str = DIGITS) -> str:
    return "".join(table[int(c)] if c.isdecimal() else c for c in s)


# cn2an reads integers of at most 16 digits and cuts decimals at 16 places (ValueError / a silent cut).
MAX_CARDINAL_DIGITS = 16


def _num(s: str) -> str:
    """Cardinal reading ('12.5' -> 十二点五). The integer part via cn2an up to 16 digits, longer ones digit by
    digit; the decimals are always read digit by digit (as cn2an does, without its cut at 16)."""
    whole, _, frac = s.partition(".")
    read = cn2an.an2cn(whole, "low") if len(whole) <= MAX_CARDINAL_DIGITS else _digits(whole)
    return read + ("点" + _digits(frac) if frac else "")


def _long_number(m: re.Match) -> str:
    """A number cn2an cannot read (over 16 digits before or after the point), with its % if any."""
    return ("百分之" + _num(m.group(1))) if m.group(2) else _num(m.group(1))


def _time(m: re.Match) -> str:
    h, mi = int(m.group(1)), int(m.group(2))
    sec = m.group(3)
    out = f"{'两' if h == 2 else _num(str(h))}点"
    if mi == 0 and not sec:
        out += "整"
    elif mi < 10:
        out += f"零{_num(str(mi))}分"
    else:
        out += f"{_num(str(mi))}分"
    if sec:
        out += f"{_num(str(int(sec)))}秒"
    return out


def _duration(m: re.Match) -> str:
    """时长02:35 -> 时长两分三十五秒; 用时1:02:03 -> 一小时两分三秒 (a count of minutes, 两 for two)."""
    parts = [int(p) for p in m.groups()[2:] if p is not None]
    if any(p > 59 for p in parts[1:]):
        return m.group(0)
    names = ("小时", "分", "秒")[-len(parts):]
    said = [("两" if n == 2 else _num(str(n))) + name for n, name in zip(parts, names) if n]
    return m.group(1) + m.group(2).rstrip(":：") + ("".join(said) or "零秒")


def _half_day(m: re.Match) -> str:
    h, mi, half = int(m.group(1)), m.group(2), m.group(3).lower()
    if not 1 <= h <= 12 or (mi is not None and int(mi) > 59):
        return m.group(0)
    part = ("中午" if h == 12 else "下午") if half == "p" else ("凌晨" if h == 12 else "上午")
    return part + (f"{h}:{mi}" if mi is not None else f"{h}点")


def _year(y: str) -> str:
    return _digits(y)


def _range(m: re.Match) -> str:
    a, b, unit = m.group(1), m.group(2), m.group(3)
    if unit in ("年", "赛季", "年度", "学年", "财年"):
        return f"{_year(a)}到{_year(b)}{unit}"
    return f"{_num(a)}到{_num(b)}{unit}"


def _money(m: re.Match) -> str:
    sym, amount, scale, yuan = m.group(1), m.group(2).replace(",", ""), m.group(3) or "", m.group(4) or ""
    unit = CURRENCY_PREFIX[sym]
    if yuan and unit == "元":  # ¥58.60元: the sign and the word say it once
        return f"{_num(amount)}{scale}元"
    return f"{_num(amount)}{scale}{unit}{yuan}"  # ¥1.5万 -> 一点五万元


def _unit(m: re.Match) -> str:
    unit = m.group(2)
    if len(unit) == 1 and (unit.isupper() or unit in "wv") and unit not in CAPITAL_UNITS:
        return m.group(0)  # 5G, 4S店: a letter, not grams or seconds
    if unit == "s" and re.fullmatch(r"[A-Za-z]\s", m.string[max(0, m.start() - 2) : m.start()]):
        return m.group(0)  # iPhone 5s, Galaxy 9s: a model's name after a Latin word
    return f"{m.group(1)}{UNITS[unit.lower()]}"


def _number_range(m: re.Match) -> str:
    """Two numbers joined by a dash, tilde, 至 or 到, either one negative, and what follows them."""
    neg_a, a, neg_b, b, after = m.groups()
    first, second = ("负" if neg_a else "") + _num(a), ("负" if neg_b else "") + _num(b)
    if after == "%":
        return f"百分之{first}到百分之{second}"
    return f"{first}到{second}{after}"


def _letters(m: re.Match) -> str:
    """A run of Latin letters: a word read as a word, an acronym spelled (frontend/english.py)."""
    return read_word(m.group(1), LETTERS)


# Phone numbers, read digit by digit with 1 as 幺. The groups may be written together or split by
# hyphens or spaces (one kind per number); a +86 / 0086 country code is read 加八六 / 零零八六.
_CC = r"(?P<cc>(?:\+|00)86[\s-]?)"
PHONE_PATTERNS = [
    # mobile, 3-4-4: 13812345678, 138-1234-5678, +86 138 0013 8000
    re.compile(rf"(?<![\d+])(?:{_CC}|(?<!\d))(?P<num>1[3-9]\d(?P<sep>[\s-]?)\d{{4}}(?P=sep)\d{{4}})(?!\d)"),
    # landline, area code with its 0 then 7-8 digits: 010-12345678, 021-6123-4567, 0755 1234 5678
    re.compile(rf"(?<![\d+])(?:{_CC}|(?<!\d))(?P<num>0\d{{2,3}}[\s-]\d{{7,8}}|0\d{{2,3}}(?P<sep>[\s-])\d{{3,4}}(?P=sep)\d{{4}})(?!\d)"),
    # landline after a country code, the area code without its 0: +86 10 12345678, +86-21-6123-4567
    re.compile(rf"(?<![\d+]){_CC}(?P<num>[1-9]\d{{1,2}}[\s-]\d{{7,8}}|[1-9]\d{{1,2}}(?P<sep>[\s-])\d{{3,4}}(?P=sep)\d{{4}})(?!\d)"),
    # 400 / 800 service numbers, 10 digits however grouped: 400-820-1234, 400 820 1234, 4008-123-456
    re.compile(r"(?<![\d+-])(?P<num>[48]00(?:[\s-]?\d){7})(?![\d-])"),
]

# Codes of one or two Latin capitals (or a digit and a capital, as airline designators 3U, 9C) followed by
# three to five digits: flight numbers (CA1234, MU5735, 3U8633), train numbers (G1234, K1234, D301),
# aircraft (A380). Read letter by letter, then digit by digit with 1 as 幺, as stations and airports
# announce them: CA1234 -> 西诶幺二三四. Shorter numbers keep their cardinal reading (G20, F1, A4, Q3), and
# three or more letters are not taken for a code (ABC123 reads 一百二十三).
CODE_PATTERN = re.compile(r"(?<![A-Za-z\d])([A-Z]{1,2}|\d[A-Z])(\d{3,5})(?![\d.]|[A-Za-z])")


# Calendar dates written with separators: 2024-03-05, 2024/3/5, 2024.03.05 (and a year and month, 2024-03) read
# as 2024年3月5日 would be (cn2an then reads the year digit by digit). Checked as a calendar date, so that
# what is not one (2025/13/45, a range such as 2019-2021, a phone number) keeps its other readings.
DATE_PATTERN = re.compile(r"(?<![\d.\-/])([12]\d{3})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?![\d]|[-/.]\d)")
# Mathematical signs read as words; 乘 between two numbers only (3×4, 1920x1080, 2*3): elsewhere × and x are
# a cross or a letter.
MATH_SIGNS = {"÷": "除以", "√": "根号", "π": "派", "≥": "大于等于", "≧": "大于等于", "≤": "小于等于", "≦": "小于等于", "≠": "不等于",
              "±": "正负", "≈": "约等于"}
# (× and * also after a closing bracket and before an opening one or a power already read: (3+5)×2, 3×10^8)
TIMES_PATTERN = re.compile(r"(?<=\d)\s*[×xX*]\s*(?=\d)|(?<=[\d)）])\s*[×*]\s*(?=[\d(（]|十的)"
                           r"|(?<=[米尺寸])\s*[×*]\s*(?=\d)")  # (a length read already: 30m×50m, TN set 36)


def _date(m: re.Match) -> str:
    year, sep, month, day = m.groups()
    if day is None and (sep != "-" or len(month) != 2 or not 1900 <= int(year) <= 2099):
        return m.group(0)  # a year and month only as 2024-03 (2024/3 may be a fraction, 1200-12 a range)
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return m.group(0)
    return f"{year}年{int(month)}月" + (f"{int(day)}日" if day is not None else "")


# Dotted numbers of three or more parts (versions 2.3.1, addresses 192.168.1.1): each part read, 点 between.
DOTTED_PATTERN = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])")
# an IPv4 address (four numbers of 0-255): digit by digit, as one reads it out (192.168.1.1: 一九二点一六八点一点一)
IPV4_PATTERN = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])")


def _fractions(text: str) -> str:
    """Vulgar fractions as the fraction reading takes them: ½ -> 1/2, ⅔ -> 2/3, and 1½ -> 1又1/2."""
    def one(m: re.Match) -> str:
        frac = unicodedata.normalize("NFKC", m.group(2)).replace("\u2044", "/")
        return f"{m.group(1)}又{frac}" if m.group(1) else frac
    return re.sub(r"(\d?)([\u00bc-\u00be\u2150-\u215e])", one, text)


def _phone(m: re.Match) -> str:
    cc = m.groupdict().get("cc") or ""
    prefix = ("加八六" if cc.startswith("+") else "零零八六") if cc else ""
    return prefix + _digits(re.sub(r"[\s-]", "", m.group("num")), PHONE_DIGITS)


def _code(m: re.Match) -> str:
    return _digits(m.group(1), PHONE_DIGITS) + _digits(m.group(2), PHONE_DIGITS)


def _liang(m: re.Match) -> str:
    return "两" + m.group(1)


def normalize(text: str) -> str:
    """Normalize one sentence of user text into characters the G2P can read (Chinese plus punctuation)."""
    # Full-width ASCII -> half-width, compatibility forms folded; keeps CJK punctuation as it is.
    # Full-width letters, digits and ASCII symbols -> half-width; CJK punctuation (，。：；！？) stays.
    text = "".join(unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" and ch not in _CJK_PUNCT else ch
                   for ch in text)
    # powers before the caret is dropped as a modifier symbol: 10^6 -> 十的六次方
    text = re.sub(r"(\d+(?:\.\d+)?)\^(-?)(\d+)", lambda m: f"{_num(m.group(1))}的{'负' if m.group(2) else ''}{_num(m.group(3))}次方", text)
    # Control and format characters, emoji and other pictographs are not read.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED or ch in "\n\t°℃℉²㎡")
    text = re.sub(r"\d", lambda m: str(int(m.group(0))), text)  # other scripts' digits (١٢٣, ๑๒) -> 0-9
    # circled and parenthesized numbers as list markers (①准备材料②开始制作): the number, then a pause
    text = re.sub("[\u2460-\u2473\u2474-\u2487\u2776-\u277f]", lambda m: f"{int(unicodedata.numeric(m.group(0)))}、", text)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # thousands separators
    text = re.sub(r"(HK\$|[¥￥$€£])\s?(\d[\d,]*(?:\.\d+)?)(千万|百万|[万亿])?(元)?", _money, text)
    # a temperature below zero is 零下 (气温-3℃, 零下三摄氏度), not 负: before ℃ / °C / ℉, or before 度 after a word of
    # temperature (气温-5度; an angle's -5度 stays 负); not the second end of a range (-3~-1℃: 负三到负一)
    text = re.sub(r"(?<![\dA-Za-z.~～—至到-])-(?=\d+(?:\.\d+)?\s*(?:℃|°[CcFf]|℉))", "零下", text)
    # but the second end after a first that carries its own sign of degrees is 零下 as well: -10℃~-5℃ 零下十摄氏度到零下五
    # 摄氏度 (TN set 27)
    text = re.sub(r"(?<=[℃℉][~～至到])-(?=\d+(?:\.\d+)?\s*(?:℃|°[CcFf]|℉))|(?<=°[CcFf][~～至到])-(?=\d+(?:\.\d+)?\s*(?:℃|°[CcFf]|℉))",
                  "零下", text)
    text = re.sub(r"((?:气温|温度|低温|高温|体温|降到|降至)[^，。！？\d-]{0,4})-(?=\d+(?:\.\d+)?\s*度)", r"\1零下", text)
    # seasons and school or fiscal years written 2023/24: a span of years, not a fraction
    text = re.sub(r"(\d{4})/(\d{2}|\d{4})(赛季|年度|学年|财年)", _range, text)
    text = re.sub(r"(?<![A-Za-z])[Nn][Oo]\.\s?(?=\d)", "第", text)  # No.1, NO. 3: 第一, 第三
    # blood pressure, systolic over diastolic (血压120/80): 一百二十比八十, not a fraction
    text = re.sub(r"(血压[^，。！？\d]{0,6}?)(\d{2,3})/(\d{2,3})(?![\d/])", lambda m: f"{m.group(1)}{m.group(2)}比{m.group(3)}", text)
    # days named by their date before an event (3.15晚会, 5.1假期, 10.1黄金周, 618大促): the month, then the day's digits
    text = re.sub(r"(?<![\d.])(1[0-2]|[1-9])\.([1-9]|[12]\d|3[01])(?![\d.])(?=\s*(?:晚会|假期|长假|小长假|黄金周|劳动节|活动|大促|购物节|狂欢节))",
                  lambda m: _num(m.group(1)) + _digits(m.group(2)), text)  # 10.1 十一, 3.15 三一五
    text = re.sub(r"(?<![\d.])(618|520|315|818|918|1111|1212)(?![\d.])(?=\s*(?:晚会|活动|大促|购物节|狂欢节|年中大促|期间|当天))",
                  lambda m: _digits(m.group(1)), text)
    text = _fractions(text)
    text = DATE_PATTERN.sub(_date, text)  # before the phone numbers, ranges and the minus sign
    # three or more numbers joined by slashes are a list, not a fraction (1/2/3号线)
    text = re.sub(r"(?<![\d/])\d+(?:/\d+){2,}(?![\d/])", lambda m: "、".join(m.group(0).split("/")), text)
    text = IPV4_PATTERN.sub(lambda m: "点".join(_digits(part) for part in m.group(0).split(".")), text)
    text = DOTTED_PATTERN.sub(lambda m: "点".join(_num(part) for part in m.group(0).split(".")), text)
    text = re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", text)  # COVID-19, MP-40: a hyphen, not a minus
    for pattern in PHONE_PATTERNS:  # before the ranges and the minus sign: 400-820-1234 is no range
        text = pattern.sub(_phone, text)
    # a car plate's dot between its region and its number (京A·12345, 沪B·6C8D9: TN set 38) goes, so that the plate is
    # one code, read letter by letter and digit by digit as 京A12345 is
    text = re.sub(r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z])\s*[·・•]\s*(?=[A-Z0-9]{5,6}(?![A-Za-z0-9]))",
                  r"\1", text)
    text = CODE_PATTERN.sub(_code, text)
    # a number after 拨打 / 电话 / 编号 / 验证码 ... that no phone pattern took is dialled or spelled out too: digit
    # by digit (拨打12306, 订单号20240520123456, 邮编100080)
    # (and an exam ticket, an ID, a phone number, or a part of one: 准考证号是..., 手机号末尾是8888: TN set 35)
    text = re.sub(r"(拨打|致电|呼叫|热线|电话|号码|编号|单号|邮编|邮政编码|账号|卡号|工号|学号|验证码|密码|尾号|房间号|房号|门牌号|座位号|床号|分机号|分机"
                  r"|准考证号|考号|身份证号|证件号|护照号|手机号|订单号)"
                  r"((?:的)?(?:末尾|尾数|后四位|最后四位|前三位|后六位|最后一位)?[是为:：]?\s*|[^，。！？\n]{0,10}?[:：]\s*)(\d{3,})(?![\d.])",
                  lambda m: m.group(1) + m.group(2) + _digits(m.group(3), PHONE_DIGITS), text)
    # a room named by its number before 房间 / 房 / 室 (送到1208房间, 在302室): digit by digit as after 房间号; three
    # digits at least, so 3室1厅 stays a count (TN set 30)
    text = re.sub(r"(?<![\d.])(\d{3,4})(?=号?房间|号?房(?![价租贷产屋子源东])|室(?![内外友温]|\d?厅))",
                  lambda m: _digits(m.group(1), PHONE_DIGITS), text)
    # a length of time written m:ss or h:mm:ss after 时长 / 用时 / 耗时 / 历时 (时长02:35): minutes and seconds, no clock
    # (and a race's result: 成绩是2:03:45, 跑出了3:58 (TN set 31))
    text = re.sub(r"(时长|用时|耗时|历时|成绩|跑出了|跑出|游出了|游出|完赛时间)([是为约:：]?\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])",
                  _duration, text)
    # 3:00 PM, 10am: the half of the day first (上午 / 中午 / 下午), then the time
    text = re.sub(r"(?<![\d.:])(\d{1,2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?(?![A-Za-z])", _half_day, text)
    text = re.sub(r"(?<![\d.])(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)(?=\s*(?:[前后左右至到\-~]|$|[^\d比]))", lambda m: _time(m) if int(m.group(1)) < 24 and int(m.group(2)) < 60 else m.group(0), text)
    text = re.sub(r"(?<![\d.:])\d+(?::\d+)+(?![\d.:])", lambda m: "比".join(_num(p) for p in m.group(0).split(":")), text)  # scores, ratios 1:2:3
    # a score written with a dash (TN set 26): after 比分 / 总比分, or after 以 before winning or losing (以3-1获胜); a
    # dash elsewhere stays a range
    text = re.sub(r"(比分[是为]?|总比分[是为]?)(\d{1,3})\s*[-—]\s*(\d{1,3})(?![\d.])",
                  lambda m: f"{m[1]}{_num(m[2])}比{_num(m[3])}", text)
    text = re.sub(r"(?<=以)(\d{1,3})\s*[-—]\s*(\d{1,3})(?=(?:的(?:总)?比分)?(?:获胜|取胜|战胜|击败|大胜|力克|告负|落败|负于|胜出|险胜|完胜|"
                  r"逆转|赢|输|领先|落后|拿下))", lambda m: f"{_num(m[1])}比{_num(m[2])}", text)
    # mask standards are named digit by digit: N95 N九五, KN95 (TN set 26)
    text = re.sub(r"(?<![A-Za-z\d])(K?N)(95|99)(?!\d)", lambda m: m[1] + _digits(m[2], DIGITS), text)
    # units before ranges, so that a range's unit is read once it is a word (-5~3℃ -> 负五到三摄氏度)
    text = re.sub(r"(?<=\d)h(?=\d{1,2}\s*min(?![a-zA-Z]))", "小时", text, flags=re.IGNORECASE)  # 2h15min
    # w / W after a number and before people, money or a plus is 万 (10w+, 1.5w人, 月薪2w元); elsewhere watts or a letter
    text = re.sub(r"(?<![\da-zA-Z.])(\d+(?:\.\d+)?)[wW](?=\+|[人元次个条粉字块份])", r"\1万", text)
    # (after 万 / 亿 too: 1.2万km, TN set 36)
    text = re.sub(rf"(?<![\da-zA-Z])(\d+(?:\.\d+)?[万亿]?)\s*({UNIT_PATTERN})(?![a-zA-Z])", _unit, text, flags=re.IGNORECASE)
    # minutes and seconds of arc after a degree: 39°54′30″ (or 39°54'30")
    text = re.sub(r"(?<=度)(\d+(?:\.\d+)?)['′](?:(\d+(?:\.\d+)?)[\"″])?",
                  lambda m: m.group(1) + "分" + (m.group(2) + "秒" if m.group(2) else ""), text)
    text = re.sub(rf"(?<=[{_PER_BEFORE}])/(?:(?=[{_PER_AFTER}])|({UNIT_PATTERN})(?![a-zA-Z]))",
                  lambda m: "每" + (UNITS[m.group(1).lower()] if m.group(1) else ""), text, flags=re.IGNORECASE)
    # a rate over a hundred or a thousand of a measure: 6.5L/100km, 20mg/100g -> 每百公里, 每百克
    text = re.sub(r"(?<=[元克米升瓦时秒])/1(0{2,3})(?=公里|[千毫厘]?[米克升])", lambda m: "每" + ("百" if len(m.group(1)) == 2 else "千"), text)
    text = re.sub(r"(\d{4})\s*[-~—至到]\s*(\d{4})(年|赛季|年度|学年|财年)", _range, text)
    text = re.sub(rf"(?<![\d.])({_NUM})%\s*[-~—至到]\s*({_NUM})%", lambda m: f"百分之{_num(m.group(1))}到百分之{_num(m.group(2))}", text)
    text = re.sub(rf"(?:(?<![\dA-Za-z.])(-))?({_NUM})\s*(?:[-~—至到])\s*(-)?({_NUM})(%|[^\d\s.])", _number_range, text)
    # a dash or tilde between times, dates or amounts already read (10:00-12:00, 3月5日-7日, 3℃~5℃) is 到
    text = re.sub(r"(?<=[点整分秒日号月度元])\s*[-—~]\s*(?=[\d零一二三四五六七八九十两负-])", "到", text)
    # a span of whole hours reads without 整 ("sharp" belongs to one moment): 9:00-18:00 九点到十八点 (TN set 16)
    text = re.sub(r"点整([到至])([零一二三四五六七八九十两]{1,3})点(整)?", lambda m: f"点{m[1]}{m[2]}点", text)
    text = re.sub(r"(分[到至][零一二三四五六七八九十两]{1,3}点)整", r"\1", text)  # 8:30-9:00 八点三十分到九点
    text = re.sub(r"(?<![\dA-Za-z.])-(\d+(?:\.\d+)?)%", lambda m: "负百分之" + _num(m.group(1)), text)
    text = re.sub(r"(\d+(?:\.\d+)?)‰", lambda m: "千分之" + _num(m.group(1)), text)
    text = re.sub(r"(?<!\d)(\d)0后", lambda m: _digits(m.group(1) + "0") + "后", text)  # 90后, 00后: 九零后, 零零后
    text = TIMES_PATTERN.sub("乘", text)
    text = re.sub(r"(?<=[A-Za-z\d])\.(?=[A-Za-z]{2})", "点", text)  # www.example.com, a@b.com (not U.S.A.)
    text = re.sub(r"(?<=\d)\s*([<>])\s*(?=\d)", lambda m: "小于" if m.group(1) == "<" else "大于", text)
    text = "".join(MATH_SIGNS.get(ch, ch) for ch in text)
    # a count with + before what is counted or 了 is "more than" (有100+了, 100+人: TN set 37); 10万+ closing a clause
    # (a metric's slang) stays 加, 1+1 a sum
    text = re.sub(rf"(?<=\d)\+(?=[{MEASURE_WORDS}]|了)", "多", text)
    text = re.sub(rf"(?<![\d第./])2(?=[{MEASURE_WORDS}])", "两", text)  # not 10.2个, not 1/2片 (TN set 32)
    # two digits after 秒 / 米 are its fraction, digit by digit: a race time 9秒83 九秒八三, a height 1米85 一米八五
    text = re.sub(r"(?<=\d[秒米])(\d{2})(?![\d.个名位人])", lambda m: _digits(m.group(1)), text)
    text = re.sub(r"(?<![\d第./])2(?=点(?!\d)|小时|分钟|周|倍|公里|千克|万|千|百|升|米|克)", "两", text)  # 两点, 两万 (2.5 keeps 二点五)
    text = re.sub(r"第(\d+(?:\.\d+)?)", lambda m: "第" + _num(m.group(1)), text)
    # a length of time in years is a quantity, not a year read digit by digit (cn2an reads every N年 as a year):
    # 2-3 digits, or round thousands, before 前 / 后 / 来 / 间 / 多 / 的历史 ... (800年的历史, 500年前, 20年来), or after a
    # word that measures time (住了20年, 近30年, 长达15年, 贷款20年, 公元前221年); 98年, 08年, 2008年 stay years
    # (round thousands only where no year fits: 5000年的历史, 3000年前, but 2000年以来 and 到了2000年 are the year; and
    # 到了98年 "by '98" is one too)
    text = re.sub(rf"(?<![\d.])(\d{{2,3}})(?=年(?:{_AFTER_SPAN}))|(?<![\d.])([1-9]000)(?=年(?:{_THOUSANDS_SPAN}))",
                  lambda m: _num(m.group(1) or m.group(2)), text)
    text = re.sub(rf"({_BEFORE_SPAN})(\d{{2,3}})(?=年)",
                  lambda m: m.group(0) if m.group(1) == "了" and m.string[max(0, m.start() - 1)] == "到"
                  else m.group(1) + _num(m.group(2)), text)
    text = re.sub(r"(?<![\d.:])(0\d+)(?!\d|\.\d)", lambda m: _digits(m.group(1)), text)  # 0021, 007: digit by digit
    text = re.sub(r"(?<![\d.])(\d{17,}(?:\.\d+)?|\d+\.\d{17,})(?!\d)(%?)", _long_number, text)
    try:
        text = cn2an.transform(text, "an2cn")
    except Exception:  # cn2an rejects some digit soups: read what is left digit by digit
        pass
    text = re.sub(r"\d", lambda m: DIGITS[int(m.group(0))], text)
    text = re.sub(rf"(?<![\u4e00-\u9fff])二(?=[{MEASURE_WORDS}])", "两", text)
    text = re.sub(r"(?<![零一二三四五六七八九十百千万亿点两第])二(?=[千万亿])", "两", text)  # 2000 -> 两千, 2万 -> 两万
    text = re.sub(r"([A-Za-z]+)(?:'s(?![A-Za-z]))?", _letters, text)
    text = text.replace("%", "百分之").replace("+", "加").replace("=", "等于").replace("&", "和").replace("@", "艾特")
    return text
