"""Mandarin G2P: jieba words -> pypinyin readings (its phrase dictionary resolves polyphones in context,
matched inside jieba's words; a few context rules for what it reads one character at a time: 长, 得)
-> tone sandhi as spoken (and as the Baker corpus labels write it) -> syllables with prosody breaks.

Readings can be forced: inline `长[zhang3]` in the text (see frontend/__init__.py), or a user lexicon
(word -> pinyin per character) that wins over the dictionaries.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT
from pypinyin.seg.simpleseg import seg as simple_seg
from pypinyin.style._utils import get_finals, get_initials

from ttsserve.pipeline.base import Syllable

_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANZI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
PAUSE_PUNCT = set("，、：；,:;—…-（）()《》“”\"'")
# Words where a final 儿 is its own syllable (er2), not the r-colouring of the syllable before it.
_NOT_ERHUA = {"儿", "女儿", "儿子", "婴儿", "幼儿", "孤儿", "健儿", "男儿", "少儿", "儿童", "孩儿", "胎儿", "患儿", "新生儿",
              "宠儿", "病儿", "犬儿", "混血儿", "托儿所", "儿女", "妻儿", "孙儿"}

_jieba = None


def tokenizer():
    """One jieba tokenizer per process (its dictionary takes ~1 s to load), quiet."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _jieba = jieba.Tokenizer()
        _jieba.initialize()
    return _jieba


@dataclass(frozen=True)
class Token:
    text: str  # a word, or one punctuation/unknown character
    is_word: bool


_TONED = re.compile(r"^[a-zvü]+[1-5]$")


def is_syllable(py: str) -> bool:
    """A Mandarin syllable with its tone ('zhang3', 'lv4', 'n2'): what a forced reading (inline `长[zhang3]`,
    SSML `<phoneme>`, the user lexicon) must be. Well-formed strings that are not syllables ('xyz1', the erhua
    spelling 'huar1') used to pass the shape check and then silently drop their character from the speech."""
    return bool(_TONED.match(py)) and bool(split_pinyin(py.replace("ü", "v"))[1])


def split_pinyin(py: str) -> tuple[str, str, int]:
    """'zhang3' -> ('zh', 'ang', 3); y/w spellings give an empty initial and the full final ('you' -> 'iou')."""
    tone = int(py[-1]) if py[-1].isdigit() else 5
    base = py.rstrip("12345").replace("v", "ü")
    initial = get_initials(base, strict=True)
    final = get_finals(base, strict=True)
    final = {"iu": "iou", "ui": "uei", "un": "uen", "ü": "v", "üe": "ve", "üan": "van", "ün": "vn"}.get(final, final)
    final = final.replace("ü", "v")
    if initial in ("z", "c", "s") and final == "i":
        final = "ii"
    elif initial in ("zh", "ch", "sh", "r") and final == "i":
        final = "iii"
    if base in ("n", "ng", "m", "hm", "hng"):  # interjections: read as a syllable the model knows
        initial, final = "", "en"
    return initial, final, tone


# 一 names a place in an order (yi1, as after 第) in dates and numbered things: 一月 "January" where a day or a part of
# the month follows it or a year precedes it (一月一日, 二零二五年一月, 一月份, 一月底, 一月中旬, 一月至三月: every
# normalized January date), the first of a month (三月一日), number one (一号, 一号线, 一号楼), the first floor (一楼)
# and grade (一年级), first class (一等奖, 一等座), the first quarter (一季度), but not a size (大一号 yi2 hao4);
# elsewhere 一月 may be "a month" (一月一次, 一月的时间) and 一日 "a day" (一日三餐), which keep the sandhi; one o'clock
# (下午一点, 一点钟) and Monday morning (每周一上午), where jieba cut 周 from 一
_JANUARY_AFTER = re.compile("份|底|初|[上中下]旬|[零一二三四五六七八九十]+[日号]|至|到|起")
_ORDINAL_AFTER = re.compile("号|楼|年级|等[奖座功品]|季度")  # (一季度 the first quarter; 一个季度 keeps the sandhi)
# words that end in 一 read yi1 (jieba's word; not its chance pairs 天一冷, 划一道线, 人一见面, which take the sandhi;
# 第一, 十一 are ordinals already)
_ENDS_IN_YI = {"统一", "唯一", "万一", "专一", "单一", "之一", "逐一", "同一", "初一", "期一", "拜一", "周一", "不一", "如一",
               "合一", "归一"}
# a score, a pairing or a sum of numbers (一比一, 三比一, 一对一 辅导, 一加一等于二): both numbers are counted, yi1; not
# the classifier repeated (一对一对的 yi2 dui4 yi2 dui4)
_SCORE_RE = re.compile("一(?=([比对加减乘])[零一二三四五六七八九十两](?!\\1))|(?<=[零一二三四五六七八九十两]([比对加减乘]))一(?!\\2)")
# a digit of a decimal (1.5 -> 一点五, 0.1 -> 零点一, 1.1 -> 一点一: yi1), not 一点一点 / 一点一滴 "bit by bit" nor 三点一刻
# "a quarter past three" nor 差一点 / 有一点 "almost", "a bit" before a 一 (差一点一起摔倒), nor 一点零钱 "a little change"
_DECIMAL_RE = re.compile("(?<![差有])一(?=点(?!零[钱食件碎售用花散星头工])[零一二三四五六七八九](?![点滴]))"
                         "|(?<=[零一二三四五六七八九十]点)(?<![差有]一点)一(?![点滴刻个次天种件位条样])")


def _names_an_order(chars: list[str], k: int) -> bool:
    after = "".join(chars[k + 1 : k + 6])
    if after.startswith("日"):
        return k > 0 and chars[k - 1] == "月"
    if after.startswith("月"):
        return k > 0 and chars[k - 1] == "年" or bool(_JANUARY_AFTER.match(after, 1))
    if after.startswith("号") and k > 0 and chars[k - 1] in "大小了":  # 大一号, 小了一号: one size, a quantity
        return False
    if after.startswith("点"):  # one o'clock (下午一点, 一点钟, 一点半), not "a little" (有一点累)
        return after[1:2] in ("钟", "半", "整") or k > 0 and (chars[k - 1] in "午晨" or chars[max(0, k - 2) : k] in (
            ["早", "上"], ["晚", "上"]))
    if k > 0 and chars[k - 1] == "周" and after[:1] in "上下早晚中":  # 每周一上午 (jieba: 每周|一上午): Monday
        return True
    if chars[max(0, k - 2) : k] in (["星", "期"], ["礼", "拜"]):  # 星期一出发 (jieba: 星期|一出|发): Monday
        return True
    if after.startswith(("单元", "栋", "号楼", "层")) and k > 0 and chars[k - 1] in "楼号栋区座":  # an address: 五号楼一单元,
        return True  # 三区一栋 (学完一单元, 盖了一层 keep the sandhi)
    if after.startswith("路"):  # bus route 1 (公交车1路, 坐1路车), not "all the way" (一路上, 一路平安)
        return k > 0 and chars[k - 1] in "车坐乘" or after[1:2] == "车" or after[1:3] == "公交"
    return bool(_ORDINAL_AFTER.match(after))


def _between_repeats(chars: list[str], k: int, word_start: bool) -> bool:
    """The 一 at `k` stands between a verb (beginning its word: `word_start`) and its repeat (看一看;
    _REPEATED_VERB_RE)."""
    return k > 0 and word_start and bool(
        _REPEATED_VERB_RE.match("".join(chars[max(0, k - 2) : k + 3]), min(k, 2) - 1))


# 不 is neutral inside a potential complement (V不C: 看不见, 来不及, 睡不着, 舍不得, 对不起) and an A-not-A question (是不是,
# 行不行), as dictionaries write them (看不见 kan4 bu5 jian4) and as surface-tone labels of speech have them: where jieba
# made one word of it, with a complement after 不 (看不清楚 too, not 迫不及待) or the first character again (是不是). Not
# after an adverb (只不过, 要不然, 切不可), nor 时不时, nor a subject before an adjective (灯不亮, 真不错: no complement)
_COMPLEMENTS = set("得着了完清见动起来去开出上下住到懂及过通掉成对消惯透定进回")
_COMPLEMENTS_2 = {"清楚", "明白", "出来", "起来", "下去", "下来", "过来", "过去", "上来", "上去", "进去", "进来", "回来",
                  "回去", "出去"}
_SPLIT_COMPLEMENTS = set("了到动住起着完懂清见及下掉惯开出快好")  # (跑|不快, 睡|不好: batch 4)
_NOT_A_VERB = set("我你他她它谁您咱了着过的地得")  # (用了|不到五分钟 "less than", 站着|不动 "still": bu2)
_NOT_BEFORE_BU = set("只时要决绝并从毫可切非这那真也都还就再又更很太才却倒若")


def _potential_bu(words: list[list[list]], flat: list[tuple[int, int]], chars: list[str], k: int,
                  joined: bool) -> bool:
    """The 不 at `k` (not the first character, and `joined` to the one before: no pause) is neutral."""
    if chars[k - 1] == chars[k + 1] and chars[k - 1] not in "得时一" and chars[k - 2 : k - 1] != ["一"]:  # A-not-A,
        return True  # however jieba cut it (要|不|要, 认|不|认识, 鞋合|不合); not 得不得了, 时不时, 一动不动 "motionless"
    w, i = flat[k]
    word = [c for c, _ in words[w]]
    if i == 1 and word[0] not in _NOT_BEFORE_BU:
        if len(word) == 4:  # a two-character complement (看不清楚, 说不出来), 喜不喜欢; not an idiom (迫不及待)
            return "".join(word[2:]) in _COMPLEMENTS_2 or word[2] == word[0]
        return len(word) == 3 and word[2] in _COMPLEMENTS
    # jieba cut a one-character verb from 不C (来|不了, 晒|不到) or from 不 (想|不|明白): the complements that do not
    # also make "not come / not go" of a clause (他说|不来 stays a question of the reading above)
    if i != 0 or not joined or len(words[flat[k - 1][0]]) != 1 or chars[k - 1] in _NOT_BEFORE_BU or chars[k - 1] in _NOT_A_VERB:
        return False
    if len(word) == 2:  # (不快 / 不好 also say how a thing is: after a verb only, 睡|不好; 腰|不好, 路|不好走 keep bu4)
        return word[1] in _SPLIT_COMPLEMENTS and (word[1] not in "快好" or _pos_tags().get(chars[k - 1], "")[:1] in "va")
    nw = w + 1
    return len(word) == 1 and nw < len(words) and "".join(c for c, _ in words[nw]) in _COMPLEMENTS_2


def apply_sandhi(words: list[list[list]], breaks: list[int]) -> None:
    """In place, over words of [char, pinyin] pairs: 一 and 不 change by the next tone; a third tone
    before a third tone becomes a second tone, inside a word and from a one-syllable word onto the next
    word of the same phrase (我也很好 -> wo2 ye2 hen2 hao3). Decided on the citation tones; never across
    a pause (break level 3)."""
    flat = [(w, i) for w, word in enumerate(words) for i in range(len(word))]
    chars = [words[w][i][0] for w, i in flat]
    original = [words[w][i][1] for w, i in flat]
    tones = [int(p[-1]) if p[-1].isdigit() else 5 for p in original]
    pause_after = [i == len(words[w]) - 1 and breaks[w] >= 3 for w, i in flat]

    def set_tone(k: int, t: int) -> None:
        w, i = flat[k]
        words[w][i][1] = words[w][i][1][:-1] + str(t)

    for k, ch in enumerate(chars):
        nxt = tones[k + 1] if k + 1 < len(flat) and not pause_after[k] else None
        if ch == "一" and original[k].startswith("yi"):
            w, i = flat[k]
            word = "".join(c for c, _ in words[w])
            ends_word = i == len(word) - 1 and word[-2:] in _ENDS_IN_YI and (  # 唯一的 wei2 yi1 de5, 统一, 星期一
                nxt is None or chars[k + 1] not in "个种天次件位条样")  # (同一|个 tong2 yi2 ge4: a count)
            ordinal = k > 0 and chars[k - 1] in "第零一二三四五六七八九十百千万" or ends_word or _names_an_order(chars, k)
            numeric = nxt is not None and chars[k + 1] in "零一二三四五六七八九十百千万亿"
            counting = k > 0 and chars[k + 1 : k + 3] == [chars[k - 1], "二"]  # 数一数二 shu3 yi1 shu3 er4
            counting |= chars[k + 1 : k + 3] == ["不", "二"]  # 说一不二 shuo1 yi1 bu2 er4 (one, not two)
            counting |= _SCORE_RE.match("".join(chars[max(0, k - 2) : k + 4]), min(k, 2)) is not None  # 一比一, 一对一
            counting |= _DECIMAL_RE.match("".join(chars[max(0, k - 3) : k + 4]), min(k, 3)) is not None  # 一点五, 零点一
            verb_starts = k > 0 and (flat[k - 1][1] == 0 or chars[k - 1] in _V_YI_V)  # (清水|漂一漂: jieba's 水漂)
            if nxt is not None and _between_repeats(chars, k, verb_starts):
                set_tone(k, 5)  # between a verb and its repeat, neutral: 看一看 kan4 yi5 kan4, 想一想, 试一试
            elif nxt is not None and chars[k + 1] in "百千万亿":  # a multiplier's count takes the sandhi, in any
                set_tone(k, 2 if nxt == 4 else 4)  # number (一百 yi4 bai3, 两千一百, 一万 yi2 wan4, 第一千零一夜)
            elif ordinal or numeric or counting or nxt is None:
                set_tone(k, 1)  # counting, ordinals, and at the end of a phrase: yi1
            elif original[k] == "yi1":
                set_tone(k, 2 if nxt == 4 else 4)
        elif ch == "不" and original[k].startswith("bu") and nxt is not None and k > 0 and _potential_bu(
                words, flat, chars, k, not pause_after[k - 1]):
            set_tone(k, 5)  # 看不见 kan4 bu5 jian4, 来不及, 对不起, 是不是
        elif ch == "不" and original[k] == "bu4" and nxt == 4:
            set_tone(k, 2)
        elif tones[k] == 3 and nxt == 3:
            w, i = flat[k]
            same_word = i < len(words[w]) - 1
            if same_word or len(words[w]) == 1:
                set_tone(k, 2)
    for w, word in enumerate(words):  # after the sandhi, which reads the repeat's own tone (想想 xiang2 xiang5)
        if _reduplicated_verb(words, w):
            word[1][1] = word[1][1][:-1] + "5"


# A one-character verb said twice, "have a go at" (看看, 想想, 走走, 试试, 聊聊): the repeat is neutral, as the grammars
# have it (想想 xiang2 xiang5: the third-tone sandhi comes first); jieba's word of the two (or of three, 试试看), not
# the second pair of AABB, nor 画画儿 / 数数 (a verb and its object), 学学 (大学|学习 is two words)
_REDUPLICATED_VERBS = set("想看试走听尝聊说谈问洗找玩坐动摸闻拍敲揉劝查算练逛转跳唱写读搬歇晒擦笑讲比翻踢跑吃喝抱亲量补"
                          "改修刷扫晾烤煮炒猜瞧瞅望摇甩捏捶按拉推挤扶碰用教帮陪逗哄夸念弹泡躺散")


def _reduplicated_verb(words: list[list[list]], w: int) -> bool:
    """Word `w` opens with a verb said twice: alone (想想) or before what is tried or done (试试看, 聊聊天); not an AABB
    word (摇摇晃晃, 说说笑笑: descriptive, their tones as written)."""
    if len(words[w]) not in (2, 3):
        return False
    word = [c for c, _ in words[w]]
    if word[0] != word[1] or word[0] not in _REDUPLICATED_VERBS or word[2:3] == word[:1]:
        return False
    after = word[2] if len(word) == 3 else words[w + 1][0][0] if w + 1 < len(words) else ""
    if after in _NAMED_BY_XX:  # a thing named by the pair (拉拉队, 跳跳糖, 摇摇椅, 碰碰车): its tones as written
        return False
    before = [c for c, _ in words[w - 1]] if w > 0 else []
    return not (len(before) == 2 and before[0] == before[1])  # (the BB of AABB keeps its tones)


_NAMED_BY_XX = set("队糖椅车床球机虫鱼")


# Standard Mandarin finals (after the iou/uei/uen, ii/iii and v spellings of split_pinyin).
FINALS = {"a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang", "iao", "ie", "ii",
          "iii", "in", "ing", "iong", "iou", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang", "uei", "uen", "ueng",
          "uo", "v", "van", "ve", "vn"}


# Readings pypinyin gets wrong for a character it reads on its own (outside any of its dictionary phrases,
# which know better): (character, characters that may precede it, characters that may follow it, reading).
# 长 is the adjective chang2 after a degree adverb (很长, 太长) or 全 (全长, total length), and before
# 达/约/逾 ("as long as": 长达三个小时, 长约五米) or a number (路长五公里, 布长三尺: a length).
_CONTEXT_RULES = [("长", set("很太真更最挺好多那这么够特全"), set("达约逾一二三四五六七八九十两几百千半"), "chang2"),
                  # 着 zhao2 in the potential complement V不着 "cannot manage to" (睡不着, 找不着, 摸不着): pypinyin reads the
                  # character alone, the particle zhe5; its phrases keep theirs (不着边际 zhuo2, 着急, 着手)
                  ("着", {"不", "得"}, set(), "zhao2"),  # (and V得着, "can manage to": 睡得着吗, batch 67)
                  # ... and before 了: the particle never takes 了, so 着了 is "catch, burn, fall asleep" (着了凉, 火着了:
                  # batch 60)
                  ("着", set(), {"了"}, "zhao2"),
                  # 蒙 meng1 "make a wild guess" before its result (蒙对了, 全蒙错了: batch 42); pypinyin's alone is meng2
                  ("蒙", set(), set("对错"), "meng1"),
                  # 奔 ben4 "head for" before 着 / 往 (奔着目标, 奔往车站: batch 43); pypinyin's alone is ben1 "run"
                  ("奔", set(), set("着往"), "ben4")]
# verbs whose reduplication V一V takes a reading the character alone does not get (漂一漂 "rinse": piao3, where
# 漂 alone is piao1 "float")
# A verb, 一 and the verb again (看一看, 数一数, 量一量: "have a go at"): the 一 is neutral (apply_sandhi) and the repeat
# reads as the verb does; not a numeral's 一X一X (一滴一滴, 杠铃片一片一片), numerals (十一十二) or 数一数二 (shu3 yi1
# shu3 er4); apply_sandhi also wants the verb to begin its word (晴天一天能发: 天 ends 晴天)
_REPEATED_VERB_RE = re.compile("(?<!一)([^\\W\\d零一二三四五六七八九十百千万亿两])一\\1(?![一二])")
_V_YI_V = {"漂": "piao3", "澄": "deng4"}  # 漂一漂 "rinse", 澄一澄 "let settle" (batch 25)
_V_YI_V_RE = re.compile("([" + "".join(_V_YI_V) + "])一\\1")
_WEIGH_RE = re.compile("约一?约(?=[^，。！？；、,.!?;]*[重斤秤])")
# 供 gong4 "lay out an offering" after a place (前 / 上 / 里) and before 着 / 了 (佛像前供了一盘水果, 家里供着财神: batch 56);
# pypinyin's alone is gong1 "supply", kept where the clause goes on to whom it supports (家里供着两个大学生)
_OFFER_RE = re.compile("(?<=[前上里])供(?=[着了])")
# characters read by a pattern of the characters around them, wherever jieba cut (batch 60): 好 hao4 "be fond of" in
# 好面子; 着 zhuo2 "wear" after a pronoun before 一身 / 一袭 (他着一身黑衣服)
_PATTERN_READINGS = [(re.compile("好(?=面子)"), "hao4"), (re.compile("(?<=[他她我你])着(?=一[身袭])"), "zhuo2"),
                     # batch 63: 挑 tiao3 raising the eyebrows (挑了挑眉毛); 当 dang4 taking it as a joke (当个玩笑)
                     (re.compile("挑(?=(?:了?挑)?眉)"), "tiao3"), (re.compile("当(?=[个成作]?(?:玩笑|笑话))"), "dang4"),
                     # batch 65: 长着呢 "is long yet" chang2 (路还长着呢; 草在长着呢 keeps zhang3, growing)
                     (re.compile("(?<![在正])长(?=着呢)"), "chang2"),
                     # batch 67: 号 hao2 "howl" in 直号 (饿得直号); 校 jiao4 "proofread" before 了 / 一遍 / 对 (把稿子校了一遍)
                     (re.compile("(?<=得直)号"), "hao2"), (re.compile("(?<=[稿子章])校(?=[了过完]|一遍|一下)"), "jiao4"),
                     # batch 69: 攒 cuan2 "put together" parts into a computer (把零件攒成了一台电脑; 攒钱 keeps zan3)
                     (re.compile("(?<=零件)攒|(?<=配件)攒|攒(?=[^，。！？；]*电脑)"), "cuan2"),
                     # batch 71: 好 hao4 "be given to" after a person before 哭 / 动 / 斗 / 胜 / 问 (这孩子好哭); 强 qiang3
                     # "force oneself" before 打起 / 撑着 / 装 (他强打起精神)
                     (re.compile("(?<=[子人他她])好(?=[哭动斗胜]|问(?!题))"), "hao4"),
                     (re.compile("强(?=打起|撑着|装)"), "qiang3"),
                     # batch 73: 喝 he4 "shout" before 住 / 止 / 退 (警察喝住了小偷; 住院 aside); 磨 mo4 "mill" before grain
                     # or flour (他去磨了两斤面; 磨刀 keeps mo2)
                     (re.compile("喝(?=住(?![院宿房户])|止|退)"), "he4"),
                     # batch 74: 钻 zuan4 the drill after 用 / 拿 before where it goes in (他用钻在墙上打洞; 钻进 keeps zuan1);
                     # 宁 ning4 "would rather" before 死 / 为 / 缺 / 折 (宁死不屈; 南宁, 宁静 aside); 载 zai3 "year" after a
                     # number closing its clause (工作了三载; 载着 keeps zai4); 供 gong4 "lay offerings" before 着 / 了 and
                     # what is worshipped (供着佛像; 供弟弟上学 keeps gong1)
                     (re.compile("(?<=[用拿])钻(?=[在把往])"), "zuan4"),
                     (re.compile("(?<![南辽西海安江康归])宁(?=死|为|缺|折)"), "ning4"),
                     (re.compile("(?<=[一二三四五六七八九十两几数半])载(?=[。！？，；]|$)"), "zai3"),
                     (re.compile("供(?=[着了](?:[一几]?[尊座个张块])?(?:佛|菩萨|祖宗|祖先|神|牌位|观音|财神|关公|香火))"), "gong4"),
                     # batch 75: 绷 beng3 keeping a straight face (脸一绷, 绷着脸; 绷紧 keeps beng1); 抹 ma1 wiping clean
                     # (把桌子抹干净; 抹眼泪 keeps mo3); 屏 bing3 holding the breath (屏着气; 屏幕 keeps ping2); 曲 qu3 a
                     # tune after the classifier 首 / 支 (一首老曲); 呢 ni2 the woollen cloth (呢大衣, 呢子)
                     (re.compile("(?<=脸一)绷|绷(?=[着起]?个?脸)"), "beng3"), (re.compile("抹(?=干净)"), "ma1"),
                     (re.compile("屏(?=[着住]?(?:气|呼吸|息))"), "bing3"),
                     (re.compile("(?<=[首支])曲|(?<=[首支][老新小名])曲"), "qu3"),
                     (re.compile("呢(?=子?大衣|绒|料子|帽|外套|制服)"), "ni2"),
                     # batch 77: 觉 jiao4 a sleep after 一大 / 一个 / 睡一 (睡了一大觉); 降 xiang2 "surrender" closing the
                     # clause of bandits or an enemy (土匪终于降了; 气温降了 keeps jiang4); 长 chang2 "too long" of a garment
                     # before 了 (一)点 (裤子长了一点; 个子长了一点 keeps zhang3); 调 tiao2 seasoning (再调点盐); 应 ying4
                     # "answer" closing a clause after 没人 / 无人 (叫了半天也没人应)
                     (re.compile("(?<=一大|个大|一个|睡一|睡个)觉(?![悟醒得察])"), "jiao4"),
                     (re.compile("(?:土匪|敌人|敌军|叛军|守军|残敌)[^，。！？；]{0,6}?(降)(?=了?(?:[。！？，；]|$))"), "xiang2"),
                     (re.compile("(?:裤子|裙子|袖子|衣服|大衣|裤腿|衣袖)(长)(?=了一?点)"), "chang2"),
                     (re.compile("调(?=一?[点些]儿?(?:盐|糖|醋|酱油|味精|料))"), "tiao2"),
                     (re.compile("(?<=没人)应(?=[。！？，；]|$)|(?<=无人)应(?=[。！？，；]|$)|(?<=没有人)应(?=[。！？，；]|$)"),
                      "ying4"),
                     # batch 78: 行 hang2 a line after 错了 closing its clause or after 跳 / 串 (看错了行); 弹 tan2 playing an
                     # instrument (弹贝斯; 子弹 keeps dan4); 转 zhuan4 strolling, V(了)V after a place or 去 (公园里转了转;
                     # pypinyin's phrase 转转 keeps zhuan3, as 把头转了转 does)
                     (re.compile("(?<=错了)行(?=[。，！？；]|$)|(?<=[跳串])行"), "hang2"),
                     (re.compile("弹(?=[了着过]?(?:一首|一曲|几下)?(?:贝斯|吉他|吉它|钢琴|琵琶|古筝|电子琴|风琴|琴|三弦|月琴|尤克里里|曲子))"
                                 "|弹(?=[了上]?[一两几][首曲])"),  # (偶尔有人弹上一曲: batch 239)
                      "tan2"),
                     (re.compile("(?<=[里上边外去])转(?=了?转(?![头身脸眼]))|(?<=[里上边外去]转了)转(?![头身脸眼])"
                                 "|(?<=[里上边外去]转)转(?![头身脸眼])"), "zhuan4"),
                     # (and further on after 去 / 到 / 在 and the place, batch 231: 去菜市场转了转; 在门口把头转了转 keeps zhuan3)
                     *((re.compile("(?:去|到|在)[^，。！？；,.!?;头身脸眼脖]{0,6}" + first + "(转)" + after), "zhuan4")
                       for first, after in (("", "(?=了?转(?![头身脸眼]))"), ("转了?", "(?![头身脸眼])"))),
                     # batch 79: 数 shu3 "rank first" before whose ... 最 (菜数他家的最好); 看 kan1 "mind" in 看着点 a child,
                     # a door, luggage, or 看着 one closing its clause (看着孩子长大 keeps kan4); 干 gan1 dried
                     # with 晾 / 晒 / 烘 / 吹 earlier in the sentence (晾在阳台上，一会儿就干了); 重 chong2 "again" before a
                     # verb and 一遍 / 一次 (重抄了一遍)
                     (re.compile("(?<![人总次岁分])数(?=(?:[他她我你这那谁哪]|今年|去年|今天|明年)[^，。！？；]{0,8}最)"),
                      "shu3"),  # (数今年的最满意: 286)
                     (re.compile("看(?=着点儿?(?:孩子|小孩|门|行李|东西|家|摊)|着(?:孩子|小孩|门|行李|东西|家|摊)(?:[，。！；]|$))"),
                      "kan1"),
                     (re.compile("(?:晾|晒|烘|吹)[^。！？活事]{0,16}?(?:就|都|快|也|已经|全)(干)(?=了?(?:[。！？，；]|$))"), "gan1"),
                     (re.compile("重(?=[抄写做画打算说读看拍录填][了过]?一?[遍次])"), "chong2"),
                     # batch 81: 地 de5 after 也不回 (头也不回地走了); 闷 men1 "stuffy" in a room or the weather with a degree
                     # word between (屋里太闷了; 心里很闷 keeps men4; batch 248: 蒸汽房里太闷了; 249: 电梯里闷得很; 263: 不能太闷)
                     (re.compile("(?<=也不回)地"), "de5"),
                     (re.compile("(?:屋里|房间里|房里|车里|屋子里|车厢里|电梯里|帐篷里|教室里|天气|空气)(?:不能|不要|别)?(?:太|很|有点儿?|真|好|挺|特别)?(闷)"), "men1"),  # (屋子里闷得: 113)
                     # batch 83: 空 kong4 "stand empty" of a room or a bed for a time, or 空着 (屋子空了好几年; 瓶子空了
                     # keeps kong1)
                     (re.compile("(?:屋子|房子|房间|宿舍|公寓|座位|床位|铺位)(空)(?=了(?:好几|很多|[一两三四五六七八九十几半]+个?)[年月天周]|了[一两三四五六七八九十几]+[间张套排位]|着)"),
                      "kong4"),
                     (re.compile("磨(?=[了过]?(?:[一两三四五六七八九十几半]+[斤袋碗升盆])?(?:面(?![子孔])|豆腐|豆浆|麦子|玉米|芝麻|米))"),
                      "mo4")]
# a count of units of time, as the rules below for what lasts a while spell it (转了好几个小时, 待了三天, 划了一个下午,
# 得走一个钟头); each names its own units after it
_ONE_BY_ONE = "(?<=一[\u4e00-\u9fff]一[\u4e00-\u9fff]地)"  # after the adverbial 地 of a repeated 一X一X (一枚一枚地)
_NOT_A_DE_WORD = "(?<![记觉懂显晓值免省使获认舍难])"  # 得 that does not close a word of its own (记得, 觉得, 懂得 ... 难得)
_HOW_MANY = "(?:好几|[一二两三四五六七八九十几半百]+)"  # (a run of numerals: 划了二十分钟, batch 159)
# fixed phrases that jieba cuts across, read last, over every rule and phrase before (session 40): 空着手 "empty-handed", 光着手
# "bare-handed" (batch 253) zhe5 (jieba: 他空|着手, the word 着手 zhuo2 "set about"); 得令 "orders received" de2 closing its clause (得|令|！, which
# the clause-opening 得 rule made dei3)
# whom 背 bei1 carries: after 背着 (batch 168) and in a 把 clause (把孩子背过了马路: batch 188)
_CARRIED_PEOPLE = {"老人", "孩子", "小孩", "孙子", "孙女", "儿子", "女儿", "伤员", "病人", "伤者", "奶奶", "爷爷", "妈妈",
                   "爸爸", "老太太", "老大爷", "弟弟", "妹妹"}
# pastimes one is fond of, 好 hao4 before them (他好下棋, 爷爷从小就好钓鱼; 只好下棋 keeps hao3)
_PASTIMES = ("下棋", "打牌", "打麻将", "钓鱼", "抽烟", "赌博", "赌钱", "放风筝", "唱歌", "喝两口", "读书", "打扮", "吃零食",
             "养花", "种花", "养鸟", "遛鸟", "养鱼")  # (养花 ...: batch 222)
_LAST_READINGS = [(re.compile("(?<=[空笼揣抄光])着(?=手)"), "zhe5"), (re.compile("得(?=令[！!。，,；;]|令$)"), "de2"),
                  # batch 73: 处 chu3 "get along" closing a clause after a person and 不好 / 很好 / 难 (这人不好处: over
                  # the word 好处 chu4 "benefit", which 有很多好处 keeps)
                  (re.compile("(?<=[人他她们]不好)处(?=[。！？，；]|$)|(?<=[人他她们][很挺真]好)处(?=[。！？，；]|$)"
                              "|(?<=[人他她们]难)处(?=[。！？，；]|$)"), "chu3"),
                  # batch 75: 笼 long3 "tuck" the hands into the sleeves (他笼着手; jieba: 他笼|着手); 圈 juan1 "pen in"
                  # an animal in a 把 clause (把鸡圈在院子里, over jieba's word 鸡圈 juan4 "chicken coop")
                  (re.compile("笼(?=着手|着袖|在袖)"), "long3"),
                  (re.compile("(?<=把[鸡鸭鹅猪羊牛马狗])圈(?=[在起进到了])"), "juan1"),
                  # batch 79: 中 zhong4 "hit" after 正 / 射 / 打 / 命 before a target (正中靶心, over pypinyin's 正中 zhong1
                  # "the very middle", which 放在桌子正中 keeps)
                  (re.compile("(?<=[正射打命])中(?=了?(?:靶|目标|红心|要害|下怀))"), "zhong4"),
                  # batch 81: 得 dei3 "must" after a verb and its object before how, and (一)点 (开车得慢一点; 他开车开得慢
                  # keeps de5: a verb stands before that 得); with an adverb of care (开车得格外小心: batch 117) or before
                  # how it must be done (说话得扯着嗓子喊: batch 105)
                  (re.compile("(?<=开车|走路|说话|做事|写字|骑车|办事|干活|吃饭|做饭|出门)得(?=(?:[慢快小轻早稳]|仔细|认真|小心)(?:一点|点儿|点|些)"
                              "|格外|特别|千万|一定|更加|十分|务必|多加|加倍|扯|喊|大声|小声|注意|留神|当心|用|靠|先|把)"), "dei3"),
                  # batch 82: 一觉醒来 jiao4 (a sleep, then 醒来: over jieba's word 觉醒 jue2 "awaken")
                  (re.compile("(?<=一)觉(?=醒来|醒过来)"), "jiao4"),
                  # batch 83: 着 zhao2 after 没 and a verb of getting (一条也没钓着, 没找着, 没等着车: over the aspect
                  # particle's rule); 可得 dei3 "really must" after a person (你可得听仔细了; 他可得了冠军 keeps de2)
                  (re.compile("(?<=没[钓找买借碰抓逮捞睡赶猜见遇摸接等够])着(?![急手想])"), "zhao2"),  # (没够着: 198)
                  (re.compile("(?<=[你您我他她们咱]可)得(?![了到过着])"), "dei3"),
                  # batch 86: 露 lou4 "show" before 了 / 个 and what is shown, where jieba cuts 只露|了|个面 (揭露, 暴露
                  # keep lu4); 拗 niu4 "stubborn" of a temper or before 得很 / 不过 (拗口 keeps ao4)
                  (re.compile("(?<![暴揭透显流表披袒吐])露(?=了?[个一]?(?:面|脸|一手|馅|马脚))"), "lou4"),
                  (re.compile("(?<=[气子太很真挺])拗(?!口)|拗(?=得很|得要命|得厉害|不过)"), "niu4"),
                  # batch 87: 冲 chong4 "strong, blunt" of a smell or of speech, where jieba cuts 味儿冲 or the degree
                  # word stands between (说话是冲了点; 冲了点奶粉 keeps chong1); 弹 tan2 "play" after an instrument and 上
                  # (钢琴上弹了: jieba's 上弹); 涨 zhang4 "swell, flush" before red, thick, open (脸涨得通红, 涨开了)
                  (re.compile("(?:味|味儿|味道|说话|口气|脾气)(?:是|太|很|挺|真|有点|有点儿)?(冲)(?=得(?:很|厉害|要命|慌)|了点[，。！；]|"
                              "了点$|[。，！；]|$)"), "chong4"),
                  (re.compile("(?<=琴上)弹(?=了|着|过|起|出|一首|一曲|一段)"), "tan2"),
                  (re.compile("(?<![股价市盘数])涨(?=红|粗|紫|得通红|得满脸|得发紫|开了)|(?<=发)涨"), "zhang4"),
                  # batch 88: 得 dei3 "must" after a noun or pronoun, or after 说 reporting it (师傅说得先把床头拆了: batch
                  # 296), before 从头 / 赶紧 / 先 ... (jieba's 事得|从头说起; 他得先手 keeps de2), and after
                  # 事 before a verb (这件事得等他回来: batch 127; 这件事得到了解决 keeps de2); 背 bei1 "carry on the back"
                  # after 肩上 / 身上 (一) (往肩上一背); 多得数不过来: de5 shu3 (over jieba's 得数 de2 shu4, "the result of a sum")
                  (re.compile("(?<=[事你我他她们咱说讲])得(?=从头|赶紧|赶快|抓紧|马上|立刻|尽快|先(?![手机]))"
                              "|(?<=事)得(?=等|先|再|找|问|靠|让|请|由|交给|跟|好好|慢慢)"), "dei3"),
                  (re.compile("(?<=[肩身背]上一)背|(?<=[肩身背]上)背(?=[着起上了])"), "bei1"),
                  (re.compile("得(?=数不过来|数不清|数不完|数不胜数)"), "de5"),
                  # (its 数 shu3: batch 214's rule, 数 before 不过来 / 不清 / 不完 after anything but a compound's first half)
                  # batch 89: 量 liang2 "measure" by a measuring cup (用量杯量了: jieba's 用量|杯量); 间 jian4 "thin out"
                  # seedlings (秧苗间开, 间苗)
                  (re.compile("(?<=用)量(?=杯|筒)|(?<=量杯|量筒)量"), "liang2"),
                  (re.compile("(?<=苗)间(?=开)|间(?=苗)"), "jian4"),
                  # batch 90: 打 da2 "a dozen" after a verb and a number before what is counted (买了一打鸡蛋); 挑 tiao3
                  # "raise with a stick or a hand" of a curtain (把门帘挑起来, 挑起门帘)
                  (re.compile("(?<=[了买要拿送订来][一两半几])打(?=鸡蛋|铅笔|啤酒|毛巾|袜子|玫瑰|信封|鸡翅)"), "da2"),
                  (re.compile("(?<=帘)挑(?=起|开)|挑(?=起?(?:门帘|帘子|窗帘|竹帘))"), "tiao3"),
                  # batch 91: 种什么长什么 (plant zhong4, grow zhang3; 什么长什么短 keeps chang2)
                  (re.compile("(?<=种什么)长(?=什么)"), "zhang3"), (re.compile("种(?=什么长什么)"), "zhong4"),
                  # batch 92: 得 dei3 "must" after a person before a reduplicated measure (你得一条一条仔细看; 你得一分 keeps
                  # de2); 地 de5 after a reduplicated measure or 挨X挨Y (一个一个地问, 挨家挨户地问, where jieba makes 地问 a
                  # word; 一个一个地方 keeps di4)
                  (re.compile("(?<=[你我他她们咱])(得)(?=一([\u4e00-\u9fff])一\\2)"), "dei3"),
                  (re.compile("一([\u4e00-\u9fff]{1,4}?)一\\1(?P<c>地)(?![方区点址图带域])"), "de5"),  # (一节车厢一节车厢地: 155)
                  (re.compile("(?<=挨[\u4e00-\u9fff]挨[\u4e00-\u9fff])地(?![方区点址图带域])"), "de5"),  # (挨家挨户地问: 300)
                  # batch 94: 得 de5 before 正香 / 正欢 (jieba's word 睡得正香, which pypinyin reads de2); 转 zhuan4 "turn
                  # round" after an adverb's 地 (慢悠悠地转着: jieba's 地转); 分 fen1 "share out" before 给 / 成 after a
                  # thing shared (一块糖分给了妹妹: jieba's 糖分 "sugar content")
                  (re.compile("得(?=正(?:香|欢|起劲|酣|热闹|高兴|开心))"), "de5"),
                  (re.compile("(?<=地)转(?=着|个不停|起来|了起来)"), "zhuan4"),
                  (re.compile("(?<=[糖饭钱肉菜饼果])分(?=给|成)"), "fen1"),
                  # batch 95: 琢 zhuo2 "carve" standing alone (请人琢了一个多月; 琢磨 "ponder" is zuo2 mo5, a phrase)
                  (re.compile("琢(?!磨)"), "zhuo2"),
                  # batch 96: 得分 before a count of steps or batches is dei3 fen1 "must be split" (这个实验得分三步来做;
                  # 他这次考试得分最高 keeps de2 fen1)
                  (re.compile("得(?=分[一二两三四五六七八九十几]+[步个批次期段组拨份])"), "dei3"),
                  # batch 97: 得 dei3 after 以后 / 之后 ... where jieba glues it to the verb (回来以后得省着点花: 得省); 看
                  # kan1 "watch over" in 看好 before one's things (看好自己的东西; 我看好这个孩子 keeps kan4)
                  (re.compile("(?<=以后|之后|然后|往后|今后|以前|之前|时候|下回|下次|回头|明天|明年|后天)得(?![了到过着奖分病罪益])"), "dei3"),  # (翻的时候得小心: 239)
                  (re.compile("看(?=好(?:自己|你的|您的|孩子|小孩|行李|东西|包|钱包|门))"), "kan1"),
                  # batch 98: 倒 dao3 "fall over" after 小心别 / 当心别 (摞得太高了，小心别倒了)
                  (re.compile("(?<=小心别|当心别)倒(?!了?[水酒汤茶油奶])"), "dao3"),
                  # batch 99: 快干死了 gan1 (jieba's 快干), 圈 juan4 "pen" after 进 / 回 before 里 (把牛赶进圈里: jieba's 圈里)
                  (re.compile("(?<=快)干(?=死了)"), "gan1"), (re.compile("(?<=[进回出入])圈(?=里|中)"), "juan4"),
                  # batch 101: 得 de5 after 多 / 忙 / 乱 before V不过来 / V不完 / V不清 (消息多得看不过来: jieba's 多得)
                  (re.compile("(?<=[多忙乱])得(?=[\u4e00-\u9fff]不(?:过来|完|清|胜数))"), "de5"),
                  # batch 103: 好强 hao4 "eager to excel" of a person (他这人好强, 是个好强的人; 信号好强 keeps hao3)
                  (re.compile("(?<=[人他她个])好(?=强(?![大烈度]))"), "hao4"),
                  # batch 104: 为 wei2 "is" after 约 / 仅 / 均 / 分别 ... before a number (总投资约为三十亿元: jieba's 约|为)
                  (re.compile("(?:(?<=[约仅均共皆即])|(?<=分别|大约))为(?=[一二两三四五六七八九十百千万几零半\\d]|去年|上年|原来|以前|过去|全国|总)"), "wei2"),
                  # batch 105: 着 zhao2 of getting hurt after 小心 / 别 (小心呛着, 别烫着: jieba's word 呛着); batch 185:
                  # after 差点 / 险些 too (差点噎着); batch 192: after 不能 and 太 (不能太累着); batch 204: after 免得 / 省得,
                  # and with what does it between (免得被太阳晒着); batch 206: after 怕 / 生怕, and 砸 (怕被砸着); batch 222:
                  # after 不会 (路上不会冻着), and a pronoun between (怕它晒着); batch 224: 卡 (小心被鱼刺卡着); batch 216: squeezed or trodden
                  # on, with 被 only (生怕被人挤着; 大家别挤着 "keep crowding" keeps zhe5); batch 261: cut or pinched, and before 手 (别划着手,
                  # 小心烫着手; 别碰着手机 keeps zhe5); batch 266: after 没 (一粒都没淋着), and 淋 "get wet" (别淋着); batch 291: after
                  # 万一 (万一摔着)
                  (re.compile("(?:小心|当心|别|可别|不要|不能|不会|差点儿?|差一点儿?|险些|免得|省得|以免|怕|没有?|万一)[它他她]?太?(?:被[^，。！？；,.!?;]{0,3}[挤压踩]|(?:被[^，。！？；,.!?;]{0,3})?[呛噎烫冻累吓碰磕摔撞扭闪晒凉冰砸卡划割扎夹淋])(?P<c>着)(?![急想]|手[机续表套术艺工绢])"), "zhao2"),
                  # batch 106: 调 tiao2 "set, adjust" a device or a level to something (把闹钟调到了六点半; 被调到了外地 keeps
                  # diao4), and "mix in" after 里 before an amount (面里调了一勺辣椒油: jieba's 面里调; 汤里调了点盐)
                  (re.compile("(?<=闹钟|空调|音量|温度|频道|座椅|亮度|音响|电视|手机|铃声|声音|水温|火力|字体|字号|屏幕|速度|高度|角度)调(?=到|成|至|大|小)"
                              "|(?<=里)调(?=了?(?:一勺|一小勺|一点|点|些|一些)(?![人个位名员工]))|调(?=[一两半几]小?[勺匙])"), "tiao2"),
                  # batch 17's leftover: 闷 men1 "cook covered, keep in" for a while (这道菜要闷一会儿, 米饭再闷五分钟; jieba's
                  # 要闷 / 再闷); 心里很闷 keeps men4
                  (re.compile("闷(?=了?(?:一会儿|一会|一下|会儿|[一二两三四五六七八九十几]+分钟)"
                              "|上(?:一会儿|[一二两三四五六七八九十几]+(?:分钟|个?小时|天|宿|晚)))"), "men1"),  # (闷了一会儿: 253)
                  # batch 108: 行 hang2 "shop" after what it sells (乐器行, 珠宝行: jieba's word 乐器行, which pypinyin reads
                  # xing2)
                  (re.compile("(?<=乐器|珠宝|电器|家电|五金|首饰|钟表|车马|布匹|药材|茶叶)行|(?<=琴)行(?![吗不啊呀了])"), "hang2"),
                  # batch 109: 得 de2 "make, equal" in a sum (三乘以四得十二: jieba's 四得); de5 after a feeling before 不行 /
                  # 要命 (乐得不行: jieba's 乐得, which pypinyin reads le4 de2 "be glad to")
                  (re.compile("(?:乘以?|除以?|加上?|减去?)[零一二两三四五六七八九十百千万点]+(?P<c>得)(?=[零一二两三四五六七八九十负])"), "de2"),
                  (re.compile("(?<=[乐气急累饿困笑哭疼痛冻热冷忙羞愁馋怕吓])得(?=不行|要命|要死|厉害|够呛|受不了|发慌)"), "de5"),
                  # batch 110: 地 de5 after a sound word (脸刷地一下就红了: jieba's 脸刷|地)
                  (re.compile("(?<=[刷唰呼嗖哗砰啪扑噌腾忽])地(?=一下|一声|站|跳|就|冲|飞|转)"), "de5"),
                  # batch 111: 之差 cha1 "a margin" (以一分之差: jieba's 一分之差); 又快又转 zhuan4 "spin"
                  (re.compile("(?<=之)差"), "cha1"), (re.compile("(?<=又[\u4e00-\u9fff]又)转(?=[，。！；,.!;]|$)"), "zhuan4"),
                  # batch 113: 背着走 bei1 "carry on the back" (让爷爷背着走; 背着手 keeps bei4)
                  (re.compile("背(?=着(?:走|跑|爬|往|上山|下山|回|进|出))"), "bei1"),
                  # batch 114: 屹立不倒 dao3 (pypinyin's 不倒 dao4); 种满 zhong4 (jieba's word; pypinyin zhong3)
                  (re.compile("(?<=屹立不|永远不|始终不|坚持不)倒(?![水茶酒])"), "dao3"), (re.compile("种(?=满)"), "zhong4"),
                  # batch 118: 缝一缝 / 缝了缝 feng2 (jieba's 一缝 is the noun feng4); 系 ji4 of laces, buttons, belts before
                  # 得 / 错 / 好 (鞋带系得太紧: jieba's 系得; 鞋带系不紧: batch 162); 就得理一次 dei3 (jieba's 得理 "be in the right"); 干 gan1 after a
                  # verb of drying in jieba's words (烤干, 吹干, 拧干: pypinyin reads them gan4)
                  (re.compile("缝(?=[一了]缝)|(?<=缝[一了])缝"), "feng2"),
                  (re.compile("(?<=鞋带|领带|带子|扣子|腰带|绳子|纽扣|全带)系(?=得|错|好|上|紧|住|了|反|不[好上紧住])"), "ji4"),
                  (re.compile("(?<=[就还都也])得(?=理发|理一次|理个发|理一下)"), "dei3"),
                  (re.compile("(?<=[烤烘晒吹擦晾拧沥控蒸熬炒焙抹揩吸榨喝舔抽])干(?![活事部杯吗嘛啥什])"), "gan1"),
                  # batch 119: 配了乐 yue4 "set to music" (配乐 split by 了)
                  (re.compile("(?<=配了|配上)乐"), "yue4"),
                  # batch 125: 出了三次差 chai1 (出差 "a business trip" split by 了 and a count)
                  (re.compile("(?<=出)(?:了)?(?:[一两三四五六七八九十几]+[次趟回])?(?P<c>差)(?=[，。！？；,.!?;]|$|回来|去了|在外)"), "chai1"),
                  # batch 126: 正当 dang4 "legitimate" closing its clause or before what is legitimate (是否正当, 正当权益; 正当他
                  # 要走的时候 keeps dang1 "just when")
                  (re.compile("(?<=正)当(?=[，。！？；、,.!?;]|$|的|理由|权益|防卫|手段|行为|收入|途径|要求|职业|竞争|利益|性)"), "dang4"),
                  # batch 127: 小心地夹 de5, read before the sign 小心地滑 "mind the wet floor" di4; 帮忙看着 kan1 closing its
                  # clause; 得 dei3 "it takes" after a means of travel or where it goes before a length of time (坐高铁得五个小时;
                  # 寄到新疆得五六天: 230; 坐公交得一个多小时: 242)
                  (re.compile("(?<=小心)地(?![滑面上下板])"), "de5"), (re.compile("(?<=小心)地(?=滑(?:[。！!，,]|$))"), "di4"),
                  (re.compile("(?<=帮忙|帮着|替他|替我|帮我|替你|帮你)看(?=着[，。！；,.!;]|着$)"), "kan1"),
                  (re.compile("(?:[车铁机船路]|公交|到[\u4e00-\u9fff]{1,5}?)(?P<c>得)(?=[一二两三四五六七八九十几半]+个?(?:多)?(?:小时|钟头|分钟|天|多小时"
                              "|来小时|星期|个月))"), "dei3"),
                  # batch 128: 和 he4 "join in singing" after an adverb before a line or a song (观众就和一句; 一句你好和一句
                  # 再见 keeps he2 "and"); the pentatonic scale's names 宫商角徵羽 (角 jue2, 徵 zhi3); 好 hao4 "be fond of" after
                  # a pronoun before a pastime (他好唱歌, 她好打扮; 他好好唱歌 keeps hao3)
                  (re.compile("(?:(?<=[就也又便都])|(?<=跟着|齐声))和(?=了?一[句声首曲])"), "he4"),
                  (re.compile("(?<=商)、?(?P<c>角)(?=、?徵)"), "jue2"), (re.compile("(?<=角)、?(?P<c>徵)(?=、?羽)"), "zhi3"),
                  # batch 129: 差 cha1 "difference" of numbers before what is said of it (两个数的差是多少); 转 zhuan4 a
                  # revolution counted (每分钟三千转; 话锋一转 keeps zhuan3); 刨 bao4 "plane" before smooth or flat (刨得又平又
                  # 光, 刨成细丝: 145; 刨土 keeps pao2); 磨 mo4 "grind" into flour or a paste (磨成面粉, 磨豆浆; 磨刀 keeps mo2); 折 she2
                  # "snap" closing its clause after 就 / 都 / 又 or a stick, a wire, a leg (几下就折了; 纸折了 is left)
                  (re.compile("(?<=[数值]的)差(?=是|为|等于|有多|[，。！？；,.!?;]|$)"), "cha1"),
                  (re.compile("(?<=[二两三四五六七八九十百千万])转(?=[，。！？；,.!?;]|$)"), "zhuan4"),
                  (re.compile("刨(?=得?又?[平光滑薄]|成[细粗]?丝|成[薄厚]?片|花)"), "bao4"), (re.compile("磨(?=成?(?:面粉|粉|面|豆浆|米浆|浆|豆腐))"), "mo4"),
                  (re.compile("(?:(?<=[就都又快全])|(?<=[枝丝棍杆腿]))折(?=了[，。！？；,.!?;]|了$)"), "she2"),
                  # batch 130: 降 xiang2 "surrender" closing its clause in a sentence about soldiers or a city (最后还是降了; 温度
                  # 降了 and 士气降了 keep jiang4); 差人 chai1 "send someone" before 给 / 把 / 送 too (差人给他送信); 一部传
                  # zhuan4 "a biography"; 挑起 tiao3 "stir up" a war or a quarrel, before or after it; 姓曾 zeng1; 率 shuai4
                  # "lead" troops (率兵, 率军; 效率 keeps lü4)
                  (re.compile("(?<=士兵|守军|敌人|敌军|军队|叛军|部队|守将|全城|城里)[^。！？；]*?(?<![气量度价率温数位压速格])"
                              "(?P<c>降)(?=了?[，。！？；,.!?;]|了?$)"), "xiang2"),
                  (re.compile("(?<![还只就不太])差(?=人(?:给|把|送|捎|带|传))"), "chai1"),
                  (re.compile("(?<=[一两几这那每][部篇本])传(?=[，。！？；,.!?;]|$|里|中)"), "zhuan4"),
                  (re.compile("(?<=战争|矛盾|冲突|争端|事端|纠纷|是非|战火|争吵)[^。！？；]*?(?P<c>挑)(?=起)"), "tiao3"),
                  (re.compile("挑(?=起[^。！？；]*?(?:战争|矛盾|冲突|争端|事端|纠纷|是非|战火|争吵))"), "tiao3"),
                  (re.compile("(?<=姓)曾"), "zeng1"), (re.compile("(?<![效频概比速利汇功税])率(?=兵|军|部|众|师)"), "shuai4"),
                  # found reading batch 131: a passive's verb before 得 takes the complement's de5 (被问得蒙头转向 was de2, 被他问得
                  # 答不上来 dei3; 被子得晒, 被告得赔 keep dei3; 被他得到 de2)
                  (re.compile("被(?![子窝单褥面套里告])(?:[他她我你它]们?|大家|人家|别人|人|[^的，。！？；,.!?;]{2,3}?)?[\u4e00-\u9fff]"
                              "(?P<c>得)(?![到了过知罪逞手益以])"), "de5"),  # (an agent of two or three: 被雨水泡得, batch 258)
                  # batch 132: 吃一堑长一智 zhang3; 强扭 qiang3 "force"; 得 opening a clause before how a thing must be done
                  # dei3 (，得一步一步来); 长 chang2 of time grown long (时间长了; 个子长了 keeps zhang3)
                  (re.compile("长(?=一智)"), "zhang3"), (re.compile("强(?=扭)"), "qiang3"),
                  (re.compile("(?<=[，,；;：:])得(?=一步|慢慢|好好|赶紧|马上|先|抓紧|早点|小心|注意|多|少|快|空腹|空着肚子"
                              "|天天|每天|时时|随时|常常|经常)"), "dei3"),  # (，得天天看天气预报: 279)
                  (re.compile("(?<=时间|日子|日久|天数)长(?=了|些|一点)"), "chang2"),
                  # batch 133: 得 dei3 "must" opening a clause before 另外 / 再 / 重新 too, and before "at once" after any word
                  # but a 得-word's (买回来得赶紧吃; 记得赶紧走 keeps de5); 长 chang2 "long" after a degree word closing its
                  # clause (衣服有点长); 还 huan2 "give back" after a verb of intention before 回去 closing its clause or 给
                  # (我打算还回去; 打算还回去看看 keeps hai2)
                  (re.compile("(?<=[，,；;：:])得(?=另外|再|重新|自己|亲自|提前|等)"), "dei3"),
                  (re.compile(_NOT_A_DE_WORD + "(?<![只总取赢博求非])得(?=赶紧|赶快|抓紧|马上|立刻|尽快|立即)"), "dei3"),
                  (re.compile("(?<=有点|有些|稍微|比较|特别|非常|不够)长(?=[，。！？；,.!?;]|$|了[，。！？；,.!?;]|了$|吗|呢|啊)"), "chang2"),
                  (re.compile("(?<=打算|准备|应该|必须)还(?=回去[，。！？；,.!?;]|回去$|给)"), "huan2"),
                  # found reading jieba's 得-words: 必须得 / 须得 "must" dei3 (必须得小心 read de2; 必须得到批准 keeps de2)
                  (re.compile("(?<=须)得(?![到知出分奖以益逞])"), "dei3"),
                  # a probe of "subject + how + 地 + verb" (session 42): 地 before 把 is the adverbial de5 whatever jieba
                  # makes of 把门 (他热情地把门关上 read di4; 这块地, 草地, 原地 keep di4), and after 大口 / 小口
                  (re.compile("(?<![块片土草本各外当田耕空荒工场营基陆园平谷圣原满实就遍阵低高腹盆福绿墓洼湿林山封领境内天落扫种"
                              "一两此该产属驻宝胜])地(?=把)"), "de5"),
                  (re.compile("(?<=大口|小口|大步|小步)地(?=[\u4e00-\u9fff])"), "de5"),
                  # V得着 "can reach / manage" closing its clause or before a question: de5 zhao2 (猜得着吗, 借得着吗 read de2 zhe5)
                  (re.compile("(?<=[\u4e00-\u9fff]得)着(?=[吗吧呢啊么]|[，。！？；,.!?;]|$)"), "zhao2"),
                  (re.compile("(?<=[\u4e00-\u9fff])(?<![他她我你它])得(?=着[吗吧呢啊么]|着[，。！？；,.!?;]|着$)"), "de5"),
                  # a probe of 长 and 还 (session 42): 长 chang2 before hair, a plait or a skirt after 着 / 的 / 留 (留着长头发;
                  # 长白头发 keeps zhang3), after a length closing its clause (有一米五长), after a limb closing its clause (腿长，);
                  # 还 huan2 before 不上 / 不起 / 不清 of a debt, 完 a loan, 人家的钱 (还不上钱; 还不上班, 还不起床, 还不清楚 keep hai2)
                  (re.compile("(?<=[着的留剪把条根])长(?=头发|发|辫子|裙|裤|袖|筒靴|靴)"), "chang2"),
                  (re.compile("(?:(?<=[米尺寸里丈])|(?<=米[一二三四五六七八九半]))长(?=[，。！？；,.!?;]|$|的)"), "chang2"),
                  (re.compile("(?:(?<=[腿臂指毛巴])|(?<=脖子|胳膊|手指|睫毛|尾巴|鼻子))长(?=[，。！？；,.!?;]|$)"), "chang2"),
                  (re.compile("还(?=不上(?![班学课网床楼来去台场车山街])|不起(?![床来身眼])|不清(?![楚醒])|得起|得清)"
                              "(?=[\u4e00-\u9fff]{2}(?:钱|债|款|贷|账|了|[，。！？；,.!?;]|$))"), "huan2"),
                  (re.compile("还(?=完(?:房贷|贷款|钱|债|账|欠款|信用卡))|还(?=人家的?(?:钱|东西|书|债))"), "huan2"),
                  # a probe of 为 / 数 / 干 / 倒 / 好 (session 42): 以 X 为榜样 wei2; 数 shu3 "count" before 了数 / 到 a number /
                  # 第一 "rank" (数到十, 在班里数第一); 干 gan1 "drink up" before a cup (干了一杯); 倒 dao3 "change" trains with a
                  # count (倒了两趟车; 倒车入库 keeps dao4); 好 hao4 before 打抱不平 / 管闲事 / 吹牛 whoever is before it
                  (re.compile("以[\u4e00-\u9fff]{1,6}?(?P<c>为)(?=榜样|标准|目标|中心|主|荣|例|基础|准|重点|代价|借口|乐|耻|首)"), "wei2"),
                  (re.compile("数(?=了数|到[一二三四五六七八九十百千两0-9]|一数)|(?<=数了)数(?![学字据量目额])"
                              "|(?<![人总次岁分指函系倍位少多半基参级变奇偶整点票])数(?=第[一二三])"), "shu3"),
                  (re.compile("干(?=了?[这那]?[一半两三几]?杯)"), "gan1"),  # (干了这一杯: batch 179)
                  # (and trains counted by 趟 alone: 倒两趟地铁, batch 144)
                  (re.compile("倒(?=了?[一两三四五几](?:趟|次车|回车))"), "dao3"),
                  (re.compile("(?<![很太真挺])好(?=打抱不平|管闲事|吹牛|说大话|贪小便宜|占小便宜)"), "hao4"),
                  # batch 135: 干 gan1 "dry" not yet, with clothes, bedding, hair or paint earlier in the sentence (衣服收了，有几件
                  # 还没干; 活还没干 keeps gan4); 帮我看着点 kan1 "keep an eye on"; 得 dei3 "must" after speaking or moving before
                  # how (说话得大点声)
                  (re.compile("(?<=衣服|衣裳|被子|头发|床单|袜子|裤子|油漆|被褥)[^。！？]*?(?:还|都|也)?没(?:有)?(?P<c>干)"
                              "(?=[，。！？；,.!?;]|$|透|呢)"), "gan1"),
                  (re.compile("(?<=帮我|帮忙|替我|给我|帮你|替你)看(?=着点)"), "kan1"),
                  (re.compile("(?<=说话|讲话|声音|动作|走路|开车)得(?=大点|小点|轻点|慢点|快点|大声|小声)"), "dei3"),
                  # a probe of 行 / 处 / 空 / 觉 / 便 / 只 / 种 / 看 (session 42): 排成一行 hang2 (组成一行人 keeps xing2); 一个空 kong4
                  # "a blank" closing its clause; 种的菜 zhong4 "grew" (这种的 keeps zhong3)
                  (re.compile("(?<=成[一两三四五六七八九十几])行(?![人程动李走进])"), "hang2"),
                  (re.compile("(?<=[个些])空(?=[，。！？；,.!?;]|$|儿)"), "kong4"),
                  (re.compile("(?<![这那哪各每一两几某此该同多])种(?=的(?:菜|花|树|瓜|果|稻|麦|草|庄稼|粮食|蔬菜|玉米|土豆|西瓜|苹果|葡萄|茶))"),
                   "zhong4"),
                  # batch 136: 自动弹出 tan2 (jieba's 动弹 read tan5 across it); 盛 cheng2 "ladle" before a hot or cold dish (盛热汤);
                  # 为宜 wei2; 晃 huang4 "shake" before 匀 / 动 / 几下 (晃匀)
                  (re.compile("(?<=自动)弹"), "tan2"), (re.compile("盛(?=[热冷凉温剩]?(?:汤|饭|粥|菜|水))"), "cheng2"),
                  (re.compile("为(?=宜)"), "wei2"), (re.compile("晃(?=匀|动|荡|悠|了?几下|一晃)"), "huang4"),
                  # batch 137: 得 dei3 "must" after 的话 "if" (开车的话得早点占车位); 还没还 before a particle, the second
                  # huan2 (登山杖还没还呢)
                  (re.compile("(?<=的话)得(?![到知了过])"), "dei3"),
                  (re.compile("(?<=还没|还未|都没|也没)还(?=[呢吗啊吧呀]|[，。！？；,.!?;]|$|给)"), "huan2"),
                  # batch 138: 老长 chang2 "very long" (队伍排得老长; 老长官 / 老长辈 keep zhang3); 宿 xiu3 "a night" counted
                  # (住了三宿, 一宿没睡, 整宿; 宿舍 keeps su4, 二十八宿 xiu4); 大都 dou1 "mostly" before what is said of
                  # them (小店大都只收现金, 老房子大都拆了; 大都市, 大都会, 元大都 keep du1)
                  (re.compile("老(?P<c>长)(?![官辈老者])"), "chang2"),
                  (re.compile("(?<=[一两二三四五六七八九十几半整])(?<!十八)宿(?![舍营命敌主将愿醉疾怨儒雾根])"), "xiu3"),
                  (re.compile("(?<!元)大(?P<c>都)(?=[\u4e00-\u9fff])(?![市会城督里的])"), "dou1"),
                  # batch 139: 晃 huang4 "sway" closing its clause after 有点 / 一直 / 直 / 在 (地板有点晃; 晃眼 keeps huang3); 碰着
                  # zhao2 "bump into" closing its clause (一抬头就碰着, 碰不着); 觉 jiao4 "sleep" before 睡 (连觉都睡不好;
                  # 感觉睡不好 keeps jue2); 转 zhuan4 "spin" before 起来 / 个不停 (风扇就转起来; 好转起来 keeps zhuan3)
                  (re.compile("(?:(?<=有点|有些|一直|老是|总是|来回|不停)|(?<=[直在不别乱]))晃(?=了?[，。！？；,.!?;]|$)"), "huang4"),
                  (re.compile("(?:(?<=[碰撞磕])|(?<=[碰撞磕][不得]))着(?=了?[，。！？；,.!?;]|$)"), "zhao2"),
                  (re.compile("(?<![感知发自察视听味嗅直幻错睡])觉(?=[都也还]?[没不]?睡)"), "jiao4"),
                  (re.compile("(?<![好扭反逆周流回运旋])转(?=起来|了起来|个不停)"), "zhuan4"),
                  # batch 140: 缝 feng2 "sew" closing its clause before 的 (妈妈亲手缝的; 门缝 keeps feng4); 背 bei1 "carry" onto
                  # a car, up a hill (哥哥背上婚车; jieba's 背上 "the back"); 一道接一道地上 de5 and shang4 "serve"; 得 dei3
                  # "must" after a V出 ... 来 (挑出一百张来得花好几天; jieba's 来得)
                  (re.compile("(?<![门裂夹墙地石细])缝(?=的(?:[，。！？；,.!?;]|$))"), "feng2"),
                  (re.compile("背(?=上[婚花]?(?:车|轿|楼|山|床|船))"), "bei1"),
                  (re.compile("(?<=一[\u4e00-\u9fff]接一[\u4e00-\u9fff])地(?![方点区段址图面铁带球震位毯板基形势道])|(?<=一[\u4e00-\u9fff]一"
                              "[\u4e00-\u9fff])地(?=[\u4e00-\u9fff])(?![方点区段址图面铁带球震位毯板基形势道])"), "de5"),  # (一摇一摆地: 214)
                  (re.compile("(?<=一[\u4e00-\u9fff]接一[\u4e00-\u9fff]地)上|(?<=一[\u4e00-\u9fff]一[\u4e00-\u9fff]地)上"), "shang4"),  # (一道一道地上菜: 243)
                  (re.compile("出[^，。！？；,.!?;]{1,6}来(?P<c>得)(?=花|用|要|等|费)"), "dei3"),
                  # batch 141: 系 ji4 "tie" onto something without 把 (另一头系在自己腰上; 关系在于 keeps xi4); 当 dang4 "use
                  # as" after a thing counted (削了一根树枝当拐杖, 买了一碗粥当午饭: 229, 一套童话书当生日礼物: 239; 一个人当班长, 这件事的当事人 keep
                  # dang1); 转 zhuan4
                  # "wander about" for hours (在山上转了好几个小时; 转了三趟车 keeps zhuan3); 待 dai1 "stay" for a time
                  # (待了三天两夜; 招待 keeps dai4)
                  (re.compile("(?<![关联体派维干心谱])系(?=在[^，。！？；,.!?;]{0,6}上)"), "ji4"),
                  (re.compile("[一两几这那每半][根块张片条把件只本袋瓶碗杯盒包罐套束盆双](?:(?![的了着过])[\u4e00-\u9fff]){1,3}(?P<c>当)"
                              "(?=[\u4e00-\u9fff])(?![事时地年天场面初中前今代选然局家官兵众])"), "dang4"),
                  # (and for minutes, batch 145: 放进微波炉里转两分钟; 向左转两分钟就到 keeps zhuan3)
                  (re.compile("(?<![左右拐掉回中周])转(?=了?" + _HOW_MANY + "(?:个?(?:小时|钟头|下午|上午|晚上)"
                              "|分钟))"), "zhuan4"),
                  (re.compile("(?<![招接对款虐优善厚期等看交担亏])待(?=[了上过]?(?:不到|将近|足足)?" + _HOW_MANY + "个?整?(?:天|小时|钟头|分钟"
                              "|周|星期|月|年|晚|夜|会儿|阵|下午|上午|晚上|早上|中午))"),  # (待了一下午: batch 169; 待了一整天: 180; 待上一下午:
                  # 239; 待了不到五分钟, 待过两年: 248)
                   "dai1"),
                  # batch 143: 卡 ka3 a system or a phone that hangs (系统又卡住了; 卡住 qia3 stays for what is wedged; a till, a
                  # screen, a TV: batch 246's 收银机突然卡住了);
                  # 得 dei3 "must" before 本人 / 亲自 / 单独 (挂号信得本人签收, 包裹得单独称重: 230; 获得本人同意, 记得亲自去 keep their
                  # words); 闷 men1
                  # "stuffy" before 得 and no air (大厅里闷得让人喘不过气); 调 tiao2 "adjust" before its own 调好 (调了半天才调好)
                  (re.compile("(?:系统|电脑|手机|网页|页面|程序|软件|画面|视频|游戏|网络|收银机|屏幕|电视|直播)(?:又|一直|总是|老是|突然|有点)?(?P<c>卡)"
                              "(?=住|了|死|顿|得)"), "ka3"),
                  (re.compile("(?<![求获赢取换博落懂记觉晓认使值显免省征谋讨夺挣捧摘骗录习可难])得(?=本人|亲自|单独)"), "dei3"),
                  (re.compile("闷(?=得(?:让人|叫人|人)?(?:喘不过气|透不过气|喘不上气|透不过来气))"), "men1"),
                  (re.compile("调(?=了[^，。！？；,.!?;]{1,6}调[好准对匀])"), "tiao2"),
                  # batch 144: 撒 sa3 "spill" over the floor (土撒了一地); 铺 pu1 "lay" after 上 before what is laid (地上铺了个垫子:
                  # jieba's 上铺 "upper bunk"; 睡上铺了 keeps pu4); 倒两趟地铁 dao3 (with session 42's 倒了两趟车); 种 zhong4
                  # "plant" after a modal (可以种很多花; 这种, 种子 keep zhong3); 趟 tang4 counted
                  (re.compile("撒(?=[了得]?(?:一地|满地|一桌|一身|一床|一脸))"), "sa3"),  # (撒得满地都是: 152)
                  (re.compile("(?<=上)铺(?=了[个一张层块条床]|着)"), "pu1"),
                  (re.compile("(?<=[一两三四五六七八九十几这那每])趟"), "tang4"),  # (两趟地铁: pypinyin's 趟地 tang1 "wade")
                  (re.compile("(?:(?<=可以|能够|打算|准备|喜欢|应该)|(?<=[能要想会爱]))种(?![类子族植群姓])"), "zhong4"),
                  # batch 145: 和 huo2 "knead" dough (面要先和好; 见面和好 "make up" keeps he2); 馏 liu4 "reheat by
                  # steaming" (馒头馏一馏; 蒸馏 keeps liu2); 盛 cheng2 "ladle" after what is served where jieba's HMM made
                  # the two one word (饭盛|好了: `_free_reading`'s 盛 never sees it; 丰盛 keeps sheng4); (刨成细丝 bao4 joins
                  # batch 129's rule)
                  (re.compile("(?<![见会当碰对表外里前后上下正反方全局场画地封版路])面(?:要先|得先|先|要|已经)?(?P<c>和)"
                              "(?=好|匀|一下|成)"), "huo2"),
                  (re.compile("(?<=[饭汤粥菜])盛(?=[好满了上出])"), "cheng2"),
                  (re.compile("馏(?=[一了]馏|一下|[一两]遍|馒头|包子|窝头|热)|(?<=馏[一了])馏"), "liu4"),
                  # batch 146: 大背头 bei1 (CC-CEDICT's 背头; 背后 keeps bei4); 漂 piao3 "bleach" hair (把头发漂一下; 头发漂亮
                  # keeps piao4); 调 tiao2 "adjust" water warmer or light darker (调凉一点; 色调暗淡 keeps diao4); 一点空都没有
                  # kong4 "free time"
                  (re.compile("(?<=[大梳个])背(?=头)"), "bei1"),
                  (re.compile("(?<=头发)漂(?!亮)|漂(?=头发|染|浅|[一两三几]遍)"), "piao3"),  # (清水漂一遍 "rinse": 156)
                  (re.compile("(?<![曲声音语腔格基情论单色笔强步])调(?=[凉热冷暖烫亮暗淡浓稀][一些点了]?)"), "tiao2"),
                  (re.compile("(?:(?<=一点)|(?<=点儿))空(?=[都也]没)"), "kong4"),
                  # batch 147: 长 zhang3 "grow" a crop again (割了一茬又长一茬); 得 dei3 "must" before walking, spending,
                  # waiting ... a stretch of time (赶集得走一个钟头); 磨 mo4 "millstone" closing its clause after 的 or
                  # 拉 / 推 (拉了一辈子的磨; 好事多磨 keeps mo2)
                  (re.compile("长(?=[了出]?[一两几新]?茬)"), "zhang3"),
                  (re.compile("得(?=[走花等用坐骑熬排跑开](?:上|了)?" + _HOW_MANY + "个?(?:钟头|小时|分钟|天|星期|月|年))"),
                   "dei3"),
                  (re.compile("(?:(?<=[拉推])|(?<=的))磨(?=[，。！？；,.!?;]|$)"), "mo4"),
                  # batch 148: 难得很 "very hard", 难 with its degree (试卷难得很; pypinyin's 难得 "rare" is de2, as in
                  # 机会很难得)
                  (re.compile("(?<=难)得(?=很|要命|不得了|厉害)"), "de5"),
                  # batch 149: 吐 tu4 "vomit" beside 拉 / 泻 (又吐又拉) or felt coming (有点想吐; 吐痰, 吐出一口气 keep tu3); (its
                  # 伤口刚缝完针 is read by `_free_reading` once 刚|缝 is parted, below)
                  (re.compile("(?<=又)吐(?=又[拉泻])|(?<=想)吐(?=了?[，。！？；,.!?;]|了?$)|吐(?=毛球|奶)"), "tu4"),  # (吐毛球: 152)
                  # batch 150: 划 hua2 "row" for a stretch of time (在海湾里划了一个下午; 计划了一个下午 keeps its word); 倒
                  # dao3 "fall" knocked down by a wave, a push, the wind (差点把他冲倒; 倒在杯子里 is no result); 鱼干 gan1
                  # "dried fish", which jieba splits (把鱼|干|晾在院子里)
                  (re.compile("(?<![计规策谋筹比企区刻])划(?=了?" + _HOW_MANY + "个?(?:小时|钟头|分钟|下午|上午|晚上|天))"),
                   "hua2"),
                  (re.compile("(?<=[冲推撞摔绊吹砍压刮挤踩踢])倒(?=了|在|[，。！？；,.!?;]|$)"), "dao3"),  # (挤倒了: 168)
                  (re.compile("(?<=推倒)重(?=来)"), "chong2"),  # (jieba's idiom 推倒重来, read character by character)
                  (re.compile("(?<=[鱼虾笋])干(?=[晾晒挂放装在和、，。！？；,.!?;]|$)"), "gan1"),
                  # batch 151: 数 shu3 "count" closing its clause after the adverbial 地 (一根一根地数: jieba's 地数 "land
                  # number"); 称 chen4 "suit" someone's heart (特别称她的心: 称心 with the person between); 得 de5 after 过 before
                  # 最 where jieba's HMM glued 大过 (长这么大过得最开心)
                  (re.compile("(?<=[地上里下边])数(?=[，。！？；,.!?;]|$)"), "shu3"),  # (躺在草地上数，: 272)
                  (re.compile("称(?=(?:[他她我你它]们?|大家|人家|别人)的心)"), "chen4"),
                  (re.compile("(?<=过)得(?=最)"), "de5"),
                  # batch 152: 圈 juan1 "pen in" with a fence (用栅栏把院子的一角圈起来; 把重点圈起来 keeps quan1)
                  (re.compile("(?:栅栏|篱笆|铁丝网|围栏|栏杆)[^，。！？；,.!?;]{0,10}(?P<c>圈)(?=起来|了起来|住)"), "juan1"),
                  # batch 153: 曲 qu3 "song" after 片尾 / 片头 / 主题 (jieba's 片尾|曲; 弯曲 keeps qu1); 下载 zai3, as CC-CEDICT
                  # and most speakers read it (pypinyin's xia4 zai4 is the dictionary's prescription)
                  (re.compile("(?<=片尾|片头|主题)曲"), "qu3"),
                  (re.compile("(?<=下)载(?![歌舞客人货重])"), "zai3"),
                  # batch 155: 空 kong4 "vacant" before 座 (还有几个空座); 晃 huang4 "shake" after 不 / 别 / 乱 too (水一点都不晃,
                  # the rule above; 一晃就过去了 keeps huang3); the adverbial 地 after 一 X 一 X however long X is (一节车厢一节车厢地卖:
                  # jieba's 节车厢; the rule for one character, above, widened)
                  (re.compile("空(?=座)"), "kong4"),
                  # batch 156: 转 zhuan4 "spin" before how loud or fast (滚筒转得太响了); 干 gan1 "dry" before a cloth (用干布擦)
                  # and not yet dry after something wet (地板刚拖过，还没干; 活还没干 keeps gan4); 调 tiao2 "set" to a mode or a
                  # channel (把洗衣机调到快洗模式; 调到北京工作 keeps diao4)
                  (re.compile("转(?=得[太很真挺好飞更越]?[响快慢稳欢])"), "zhuan4"),  # (转得更快: 211)
                  (re.compile("干(?=布[擦抹把，。]|毛巾)"), "gan1"),
                  (re.compile("(?:地板|地面|衣服|头发|油漆|漆|墙面|被子|鞋子?|袜子|床单|毛巾|颜料|水泥|墨水|指甲油)[^，。！？；,.!?;]{0,6}[，,]?"
                              "[^，。！？；,.!?;]{0,4}没(?P<c>干)(?=透|[，。！？；,.!?;]|$)"), "gan1"),
                  (re.compile("调(?=到[^，。！？；,.!?;]{0,6}(?:模式|档|挡|频道|台))"), "tiao2"),
                  # batch 160: 好 hao4 "be fond of" eating a sweet or a kind of food (从小就好吃甜食; 很好吃, 好吃的菜 keep
                  # hao3 "tasty"); 种 zhong4 "plant" before how many (种一颗牙, 种两棵树; 一种, 这种 are kinds); 调了调 tiao2
                  # "adjust a little" (调了调椅子; 调了调人手 moves people); batch 186: 好喝茶 / 好喝咖啡 too (他这个人好喝茶;
                  # 有什么好喝茶的 keeps hao3)
                  (re.compile("(?<![很真太不挺最多那这也还么])好(?=吃(?:甜食|零食|甜品|甜点|糖|肥肉|海鲜|辣)|喝(?:酒|茶|咖啡))"),
                   "hao4"),
                  (re.compile("(?<![一两三四五六七八九十几这那哪各每某此本该同何多])种(?=[一两三四五六七八九十几]+[棵颗株亩排行片盆块])"),
                   "zhong4"),
                  (re.compile("调(?=了调(?![人岗职班兵将]))|(?<=调了)调(?![人岗职班兵将])"), "tiao2"),
                  (re.compile("调(?=了调[人岗职班兵将])|(?<=调了)调(?=[人岗职班兵将])"), "diao4"),
                  # batch 162: 吐 tu4 "throw up" after a feed of milk (小宝宝喝完奶总爱吐一点出来; 把嘴里的奶吐出来 keeps tu3)
                  (re.compile("(?:[喝吃喂]完|[喝吃喂]了)奶[^，。！？；,.!?;]{0,4}(?P<c>吐)"), "tu4"),
                  # batch 164: 转 zhuan4 "spin" when touched (一拧就转); 折 she2 "snap" of a leg or a stick that broke (椅子腿折了一条,
                  # 腿摔折了; 折断, 折叠 keep zhe2); 散了架 san3 (jieba parts pypinyin's 散架); 调 tiao2 "set"
                  # too high or low (温度调得太高; 被调得太远 keeps diao4); 漆 not yet dry (刚刷过漆，还没干: the list below)
                  (re.compile("(?<=一[拧推碰按拨摇吹扭拍]就)转(?=了?[，。！？；,.!?;]|$)"), "zhuan4"),
                  (re.compile("(?:(?<=[腿臂枝棍筷杆竿])|(?<=[腿臂骨枝棍筷杆竿][摔压踩子])|(?<=[腿臂骨枝棍筷杆竿]给[摔压踩]))折(?=了)"),
                   "she2"),  # (把腿给摔折了: batch 174; 骨折了 is the word, zhe2: batch 175)
                  (re.compile("散(?=了?架)"), "san3"),
                  (re.compile("调(?=得[太很有点稍]*(?:[高低大小快慢亮暗]|合适|正好|刚好|舒服|一样[高低长短宽平齐大小]))"), "tiao2"),
                  # (合适: 201; 调得一样长: 209)
                  # batch 167: 和 hu2 "win" rounds of mahjong (连和了三把; 和了一局 in chess is a draw, he2); 好 hao4 "be fond
                  # of" a pastime after who is (李奶奶好下棋; 只好下棋, 说好下棋 keep hao3; 好喝酒 is batch 160's rule)
                  (re.compile("和(?=了[一两三四五六七八九十几]+把)"), "hu2"),
                  (re.compile("(?:(?<=[他她我你])|(?<=爷爷|奶奶|大爷|大妈|老人|老头|从小|一向|向来|平时|素来|生性)"
                              "|(?<=从小就|一向就|向来就)|(?<=特别|非常|尤其))好(?=" + "|".join(_PASTIMES) + ")"), "hao4"),  # (从小就: 203; the
                  # pronoun-only rule of an earlier batch, with 唱歌, 读书, 打扮 ..., is this one since session 46)
                  # batch 168: 待 dai1 "stay" too long (在烟里待久了; 对待, 期待 keep dai4)
                  (re.compile("(?<![对期招接款虐优善厚等看交担亏])待(?=久|得太久|了很久|太久)"), "dai1"),
                  # batch 170: 服 fu4, the classifier of a dose of medicine (这服药, 三服中药; 按时服药, 他一服药就好 take it, fu2)
                  (re.compile("(?:(?<=[这那两三四五六七八九十几每半])|(?<=[^他她我你就]一))服(?=药|中药|汤药)"), "fu4"),
                  # batch 171: 转 zhuan4 round and round, before how many rounds, whatever word jieba's HMM glued it into
                  # (大家围着坟转了一圈: its 坟转)
                  (re.compile("转(?=了?[一两三四五六七八九十几好]+圈)"), "zhuan4"),
                  # batch 175: 觉 jiao4 "sleep" after 睡不着 / 睡不好 / 睡个 ... (晚上常常睡不着觉; 睡不好觉得累 keeps 觉得 jue2)
                  (re.compile("(?:(?<=睡不着|睡得着|睡不好|睡个好|睡了个)|(?<=睡个|睡一|睡大))觉(?![得悟醒察])"), "jiao4"),
                  # batch 177: 行 hang2, rows, in 一行一行 (一行人 keeps xing2); 结 jie1 "bear fruit" after what or when (开始结果,
                  # 苹果树结果; 结果不好, a result, keeps jie2); 把 ba4 "handle" of a spade or a knife, broken or alone (铁锹把给折了),
                  # but the preposition 把 after 刀 before what it takes (他拿起刀把它切开: ba3); 种 zhong4 "plant" after 地
                  (re.compile("(?<=一)行(?=一行)|(?<=一行一)行"), "hang2"),
                  (re.compile("(?:(?<=开始)|(?<=[才不没能会要已就树]))结(?=果)"), "jie1"),
                  (re.compile("(?<=[锹刀壶伞勺锄])把(?=儿|给[折弄摔]|断了|坏了|折了|[，。！？；,.!?;]|$)"), "ba4"),
                  (re.compile("(?<=刀)把(?=[它他她我你这那])"), "ba3"),  # (pypinyin's 刀把 "knife handle" took it)
                  (re.compile("(?<=地)种(?=在|到|满|上|了|下)"), "zhong4"),  # (一行一行地种在山坡上; 这块地种了玉米)
                  # batch 178: 缝 feng2 "sew" after the adverbial 地 (一针一针地缝着被子: jieba's 地缝 "a crack in the ground");
                  # 数 shu3 "count" after 一边 or 在, or starting to (一边数针数, 一直在数电线杆: 233, 数起了星星: 241; 一边数学 ...,
                  # 在数百年前 keep shu4); 行 hang2, a row done wrong or written (织错了一行; 他们一行 keeps xing2); 挑 tiao3 "pick
                  # out" with a needle or a stick (用针把线挑出来; 挑出来几件 keeps tiao1)
                  (re.compile("(?<=地)缝(?=着|了|好|上|补|起来|得)"), "feng2"),
                  (re.compile("(?:(?<=一边|一面)|(?<=在))数(?![学据字量目额码值位百千万十以次倍])|数(?=起[了来])"), "shu3"),
                  (re.compile("(?<=[错写抄漏少多删织读打跳空]了一)行"), "hang2"),
                  (re.compile("(?:针|签|棍|竿|镊子)[^，。！？；,.!?;]{0,6}(?P<c>挑)(?=出|开|破)"), "tiao3"),
                  # batch 179: 转 zhuan4 of a turntable or a wheel given a turn (转盘一转; 一转身, 一转眼 keep zhuan3); 铺 pu1 "make
                  # (the bed)" in a 把 clause (把客房的床铺好了: jieba's 床铺 "bed", pu4, as in 床铺上)
                  (re.compile("(?:(?<=[盘扇轮机]一)|(?<=轮子一|风车一))转(?![身眼头念脸弯])"), "zhuan4"),  # (糖机一转: 210)
                  (re.compile("把[^，。！？；,.!?;]{0,8}床(?P<c>铺)(?=好|平|整齐)"), "pu1"),
                  # batch 182: 拽 zhuai4 "drag" somewhere or in a direction (把鱼竿拽进水里, 往后拽; zhuai1 is "fling"); 蒙 meng2 "cover" with a layer or
                  # over the eyes (水面上蒙着一层薄雾; 蒙人 "deceive" keeps meng1); batch 247: 蒙着 meng2 zhe5 "covered" unless
                  # before 了 (柜子上蒙着厚厚的一层灰; 这题让我蒙着了 keeps meng1 zhao2 "guessed right")
                  (re.compile("拽(?=进|住|着|回|出来|上来|下来|到|了过去|过去|得住|不住|得动|不动)"
                              "|(?<=往[前后回上下里外])拽|(?<=使劲|用力)拽"), "zhuai4"),  # (得住: 203; 往后拽, 使劲拽: 301)
                  (re.compile("蒙(?=着(?!了)|上一|上[眼脸头]|住[眼脸头]|了一层)"), "meng2"),
                  (re.compile("(?<=蒙)着(?!了)"), "zhe5"),  # (pypinyin's 蒙着 is meng1 zhao2, "guessed right")
                  # batch 185: 和 huo2 "knead" before the dough it made (和好的面: jieba's 和 "and"); 劈柴 pi1 "chop firewood"
                  # as a verb (在院子里劈柴; 一堆劈柴, 把劈柴搬进来 "firewood" keep pypinyin's pi3); 散 san3 "come apart" of
                  # what is boiled or squeezed (一煮就散, 煮散了; 人一走就散了 keeps san4)
                  (re.compile("和(?=[好匀]了?的(?:面|馅|泥))"), "huo2"),
                  (re.compile("(?<![的堆捆些把块根担搬抱买卖烧添加捡拾了着])劈(?=柴)"), "pi1"),
                  (re.compile("(?:(?<=一[煮炖泡揉搅碰捏摔]就)|(?<=[煮炖泡揉搅捏摔]))散(?=了|[，。！？；,.!?;]|$)"), "san3"),
                  # batch 186: 撮 cuo1, a pinch of something fine (一撮茶叶, 一小撮盐; 一撮头发 / 胡子 keep zuo3, a tuft); 闷
                  # men1 "keep covered" of tea or food left to steep (绿茶不能闷, 一闷就黄; 心里闷 keeps men4); 散茶 san3
                  # "loose tea"
                  (re.compile("(?<=[一两几小])撮(?=[盐糖土灰米面沙葱蒜]|茶叶|茶|芝麻|胡椒|花椒|烟丝|香菜|葱花)"), "cuo1"),
                  (re.compile("(?<=[茶饭菜肉][不别][能要])闷(?=[，。！？；,.!?;]|$)"), "men1"),
                  (re.compile("[茶饭菜肉锅][^。！？；.!?;]{0,10}一(?P<c>闷)(?=就)"), "men1"),
                  (re.compile("散(?=茶)"), "san3"),
                  # batch 188: 场 chang2, the classifier of a spell of weather, an illness, a dream or a mishap, after 这 / 那
                  # / a number as after pypinyin's 一场 (这场雨, 那场大火, 这场病; 这场比赛, 这场电影 keep chang3); 背 bei1
                  # "carry" a person in a 把 clause (把孩子背过了马路; 把课文背过了 is bei4 "by heart")
                  (re.compile("(?<=[这那每几两三四五六七八九十半整])场(?=(?:大|小|暴|特大|倾盆)?(?:雨|雪|风|病|梦|灾|火|误会"
                              "|风波|官司|悲剧|闹剧|噩梦|浩劫|变故|车祸|事故|地震|洪水|冰雹|雾|纠纷|争吵|虚惊"
                              "|台风|龙卷风|沙尘暴|寒潮|流星雨))"), "chang2"),  # (台风 ...: batch 220's 这场台风过后; 流星雨: 272)
                  (re.compile("把(?:[^，。！？；,.!?;把]{0,8}的)?(?:"  # (把走累了的女儿背了起来: batch 214)
                              + "|".join(sorted(_CARRIED_PEOPLE | {"他", "她", "我", "你"}, key=len, reverse=True))
                              + ")(?P<c>背)(?=[过起上回到进出下着了])"), "bei1"),
                  # batch 189: 中 zhong4 "hit" as the result of a throw (没套中, 投中了; 没套中 was zhong1); 扎 za1 "tie up" a
                  # kite or a lantern (扎了一个大风筝; 扎了一个洞 keeps zha1); 糊 hu2 "paste" paper (用浆糊糊上去, 糊风筝); 上了供
                  # gong4 "made offerings"; 会转的风车 zhuan4 "spins" (会转弯, 会转告 keep zhuan3)
                  (re.compile("(?<=[套投砸扔抛射押])中(?=了|[，。！？；,.!?;]|$)"), "zhong4"),
                  (re.compile("扎(?=[^，。！？；,.!?;]{0,5}(?:风筝|灯笼|辫子|马尾|花圈|扫帚|篱笆|稻草人))"), "za1"),
                  (re.compile("(?:(?<=浆糊)|(?<=糨糊))糊|糊(?=风筝|信封|窗户纸|窗纸|纸盒|灯笼)"), "hu2"),
                  (re.compile("(?<=上[了过])供"), "gong4"),
                  (re.compile("(?<=会)转(?=的|[，。！？；,.!?;]|$)"), "zhuan4"),
                  # batch 190: 空 kong4 "vacant" of a bed or a room after its classifier (一张空床, 一间空房子: batch 155's 空座
                  # widened); 扇 shan1 "to fan" before the fan or 个不停 (扇扇子, 扇个不停; pypinyin read both shan4)
                  (re.compile("(?<=[张间套])空(?=床|房|屋|铺)"), "kong4"),
                  (re.compile("扇(?=扇子|个不停)"), "shan1"),
                  # batch 191: 行 hang2 "line of work" after 干 / 做 / 入 ... 这一 (他干这一行; 这一行为 keeps xing2); 铺 pu4 of
                  # a trade's shop before 开 (修表铺开了四十年: jieba's 铺开 "spread out", pu1; 把桌布铺开 keeps it); the rib
                  # of an umbrella or a fan snapped, she2 (伞骨折了: jieba's 骨折 "fracture", zhe2)
                  (re.compile("(?:(?<=[干做入改转]这一)|(?<=[干做入改转]那一)|(?<=[干做入改转]哪一))行(?![人为动驶程李])"), "hang2"),
                  (re.compile("(?<=[表鞋饭肉当货])铺(?=开)"), "pu4"),
                  (re.compile("(?<=[伞扇]骨)折(?=了|断)"), "she2"),
                  # batch 192: 调 tiao2 "mix" into a liquid (把药片碾碎，调在水里; 被调在总部 keeps diao4)
                  (re.compile("调(?=在[^，。！？；,.!?;]{0,3}[水汤酒奶粥蜜]里)"), "tiao2"),
                  # batch 193: 当 dang4 "serve as" after a thing put somewhere (插在花盆里当支架; 他在学校当老师 keeps dang1), or
                  # put there with 了 / 着 (放了一个书架当隔断: 232; 放了三天假当然高兴 keeps dang1);
                  # 干 gan1 "dry" after a degree word closing its clause (土太干了; 太干净 is another word)
                  (re.compile("[插放摆挂垫铺搭摞堆扔搁](?:在[^，。！？；,.!?;]{1,6}|[了着][^，。！？；,.!?;]{0,5})(?P<c>当)"
                              "(?![事时地年天场面初中前今代选然局家官兵众])"), "dang4"),
                  (re.compile("(?:(?<=[太很真挺])|(?<=完全|彻底))干(?=了|透|[，。！？；,.!?;]|$)"), "gan1"),  # (完全干了: 227)
                  # batch 194: 干等 gan1 "wait in vain" and 干着急 (CC-CEDICT's; jieba's 干|等着); 调直 tiao2 "straighten"
                  # (把座椅靠背调直); 倒 dao3 "switch" of a time difference (把时差倒过来; 倒时差 is pypinyin's word)
                  (re.compile("干(?=等|着急|瞪眼)"), "gan1"),
                  (re.compile("调(?=直)"), "tiao2"),
                  (re.compile("(?<=时差)倒"), "dao3"),
                  # batch 195: 晕 yun4 of ink spreading (一落到纸上就晕开了, 晕染); 撇 pie3, the brush stroke, opening its clause
                  # or after 一 / 这 (撇要写得舒展; 撇开 "cast aside" keeps pie1); 散 san3 "come loose" of a brush's tip, hair or a
                  # rope (笔锋都散了; 人群都散了, 把头发散开 keep san4)
                  (re.compile("晕(?=开|染|血)"), "yun4"),  # (晕血 "faint at blood", CC-CEDICT's: 256)
                  (re.compile("(?:(?<![\u4e00-\u9fff])|(?<=[一这那]))撇(?=[要写得太是和捺画])"), "pie3"),
                  (re.compile("(?:锋|毛|头发|绳子|鞋带|辫子|线头)(?:都|全|已经|又|快)?(?P<c>散)(?=了)"), "san3"),
                  # batch 196: 系 ji4 "tie" in a 把 clause where jieba glued it to the thing tied (把船|系在: its 船系
                  # "shipping line"; 把关系在会上讲清楚 keeps xi4); 把儿 ba4, the handle of a tool (桨把儿, 锹把儿; 车把 is ba3)
                  (re.compile("把[^，。！？；,.!?;]{0,6}(?<![关联体派统世谱直院])(?P<c>系)(?=在|到|上|好|紧|住)"), "ji4"),
                  (re.compile("(?:(?<=[桨锹刀伞壶锅勺铲斧锤杯])|(?<=拍子|刀子|锤子|铲子|勺子|扇子|斧子|锄头))把(?=儿)"), "ba4"),
                  # batch 198: 挑 tiao3 "lift" a ball high (把球挑得很高); 闷着头 men1 "silently" (一个人闷着头练); (拍子把儿
                  # ba4 joins batch 196's rule)
                  (re.compile("挑(?=得?[很老太]?高)"), "tiao3"),
                  (re.compile("闷(?=着?头)"), "men1"),
                  # batch 199: 倒嗓 dao3 split by 过 / 了 (倒过嗓); 扎 za1 "tie on" what is worn (扎着靠旗, 扎着腰带); 场 chang3
                  # after 一 before a show or a game (一场戏, 一场比赛, 一场主队的比赛: 237; pypinyin's word 一场 reads chang2, right
                  # for 一场雨)
                  (re.compile("倒(?=[过了]嗓)"), "dao3"),
                  (re.compile("扎(?=着?(?:靠|腰带|头巾|围裙|皮带|红领巾|领带))"), "za1"),
                  (re.compile("(?<=一)场(?=戏|比赛|球|电影|演出|音乐会|表演|考试|晚会|演唱会|话剧|京剧|足球|篮球)"
                              "|(?<=一)场(?=[^，。！？；,.!?;]{1,6}的(?:比赛|球赛|演出|电影|演唱会|音乐会|晚会|表演|话剧)"
                              "|[^，。！？；,.!?;雨雪病风梦仗战火]{1,4}?(?:比赛|球赛|演出|演唱会|音乐会|表演|晚会|话剧))"), "chang3"),  # (一场广场舞比赛: 265; 一场盛大的晚会: 274; 一场机器人表演: 281)
                  # batch 202: 一晃 huang4 "shake" of a hand, a head or a vehicle (他的手一晃; 一晃就过去了, time flashing by,
                  # keeps huang3; batch 249: a carriage or a lift, or after 突然 / 猛地: 电梯突然一晃); 供 gong4 "enshrine" a
                  # portrait or a tablet (把爷爷的照片供在桌子上; 供应 keeps gong1)
                  (re.compile("(?:(?<=[手头身车船腿厢梯]一)|(?<=身子一|脑袋一|胳膊一|桌子一|椅子一|突然一|忽然一|猛地一|猛然一))晃"), "huang4"),
                  (re.compile("(?:照片|像|牌位|灵位|菩萨|佛像)(?P<c>供)(?=在|着|上|起来)"), "gong4"),
                  # batch 203: 挣 zheng4 "break free" (把线挣断了, 挣脱, 挣开; 挣扎 is pypinyin's zheng1); 数都数不清 shu3 "count"; 转
                  # zhuan4, a turn counted (打了几个转; 转了个弯 keeps zhuan3)
                  (re.compile("挣(?=断|脱|开)"), "zheng4"),
                  (re.compile("数(?=[都也]数)"), "shu3"),
                  (re.compile("(?<=[几一两三]个)转(?=[，。！？；,.!?;]|$|儿)"), "zhuan4"),
                  # batch 205: 转 zhuan4 "go round" places or a while (转了好几个小区, 转了半天; 转了好几个弯 keeps zhuan3); 空
                  # kong4 "left vacant" in 一直空着 closing its clause (空着手 keeps kong1); 卷 juan3, a roll (卷成一卷, 一卷胶带; 第一卷
                  # "volume" keeps juan4); 闷 men1 "stuffy" beside 潮 / 热 (又潮又闷); a smell 冲 chong4 "pungent" (臭味冲得人直恶心)
                  (re.compile("转(?=了?(?:好几个|几个|好多个?|两三个|三四个)(?:小区|商场|地方|店|超市|市场|楼盘|公园|景点|村子|街))"
                              "|转(?=了(?:半天|一下午|一上午|一整天|一天))"), "zhuan4"),
                  (re.compile("(?:(?<=一直)|(?<=已经)|(?<=[还都就也]))空(?=着(?:[，。！？；,.!?;]|$|呢|没人|没有))|空(?=着没)"), "kong4"),  # (着没: 250)
                  (re.compile("(?<=成一)卷|(?<=一)卷(?=胶带|卫生纸|纸|绳|铁丝|钢丝|线|布|铺盖|地毯|毛线|胶布|凉席)"), "juan3"),
                  (re.compile("又[潮热湿]又(?P<c>闷)"), "men1"),
                  (re.compile("闷(?=又[潮热湿])"), "men1"),
                  (re.compile("(?:(?<=味)|(?<=味儿))冲(?=得|鼻|人|眼)|冲(?=鼻)"), "chong4"),  # (直冲鼻子: 254)
                  # batch 206: 看 kan1 "keep an eye on" for someone (交给同学帮他看着; 帮他看着点儿)
                  (re.compile("(?:(?<=帮[他她我你])|(?<=帮我们|帮他们|帮她们|帮你们)|(?<=帮忙))看(?=着(?:[，。！？；,.!?;]|$|点))"), "kan1"),
                  # batch 207: 凉 liang4 "let cool" a while (放在一边凉一会儿; 天凉一下子 keeps liang2); 扎 za1 a lantern counted
                  # by 盏 (扎了一盏兔子灯); 系在一起 ji4; 供 gong4 before what is enshrined (供上了祖先的牌位; 供应 keeps gong1); 调
                  # tiao2 "mix" a filling (馅儿是她自己调的, 调馅)
                  (re.compile("(?<![天变很太真挺])凉(?=一会|一下(?!子))"), "liang4"),
                  (re.compile("扎(?=了?一?盏)"), "za1"),
                  (re.compile("系(?=在一起)"), "ji4"),
                  (re.compile("供(?=[上着了][^，。！？；,.!?;]{0,8}(?:牌位|灵位|遗像|佛像|菩萨|神像|祖先))"), "gong4"),
                  (re.compile("(?:馅儿?|调料|蘸料|料汁|酱汁)[^，。！？；,.!?;]{0,8}(?P<c>调)(?=的|好|了)"), "tiao2"),  # (调料: 210)
                  (re.compile("调(?=馅)"), "tiao2"),
                  # batch 208: 干 gan1 "dry" as the result of boiling, drying or wiping (汤快烧干了, 晾干了; 能干了 is no result)
                  (re.compile("(?<=[烧熬煮晒烤蒸吹擦晾流])干(?=了|[，。！？；,.!?;]|$)"), "gan1"),
                  # batch 209: 弹 tan2 a chalk line (用墨斗弹了一条直线; 子弹 keeps dan4); 的把儿 ba4, a handle (锤子的把儿松了); 削
                  # xiao1 "pare" in a 把 clause (把毛刺都削平了; pypinyin's 削平 is xue1 "put down"); 当 dang4 "serve as" a thing
                  # given, kept or taken for it (给孙子当玩具, 留着以后当早饭: 238; 给我当老师 keeps dang1)
                  (re.compile("(?<![子炮导])弹(?=了?一?条?(?:直|墨|白)?线)"), "tan2"),
                  (re.compile("(?<=的)把(?=儿[^子女])"), "ba4"),
                  (re.compile("把[^，。！？；,.!?;]{1,10}(?P<c>削)(?=平|尖|光|掉|成|好)"), "xiao1"),
                  (re.compile("(?:给[^，。！？；,.!?;]{1,4}|留着[^，。！？；,.!?;]{0,4}|拿来|用来|买来|[买拿带捡搬]回[去来])(?P<c>当)"
                              "(?=玩具|礼物|枕头|凳子|椅子|桌子|零花钱|早饭|午饭|晚饭|早餐|午餐|晚餐|夜宵|宵夜|点心|工具|拐杖|扇子"
                              "|雨伞|帽子|纪念|摆设|装饰)"), "dang4"),  # (买回去当摆设: 288)
                  # (and in the same row, unlabelled: V得一样长 read de2 ... zhang3; the particle after a verb of making, and 长
                  # chang2 "long" after 一样: 调得一样长, 剪得一样长; 两边得一样长 "must be" keeps dei3, 长得一样 keeps zhang3)
                  (re.compile("(?<=[调弄做剪切锯磨裁摆放写画排削])得(?=一样[高低长短宽平齐大小快慢多少好])"), "de5"),
                  (re.compile("(?<=一样)长(?![大高得出成])"), "chang2"),
                  # batch 210: 炸 zha2 "deep-fry" before what is fried (炸串, 炸丸子; 炸弹, 炸开 keep zha4); 倒 dao3 from one hand to
                  # the other (在两只手之间倒来倒去); 盛 cheng2 "ladle" into a bowl or a pot (盛在一个大碗里); (糖机一转 zhuan4 and
                  # 调料是老板自己调的 tiao2 join rules above)
                  (re.compile("炸(?=串|丸子|薯条|油条|臭豆腐|带鱼|春卷|虾|年糕|馒头|花生|茄盒|排骨|里脊|小黄鱼|肉)"), "zha2"),
                  (re.compile("(?:(?<=手之间)|(?<=手中间))倒(?=来倒去)|(?<=手之间倒来)倒|(?<=手中间倒来)倒"), "dao3"),
                  (re.compile("盛(?=在[^，。！？；,.!?;]{0,6}[碗盆锅盘杯罐桶盒壶瓶缸])"), "cheng2"),  # (瓶: 213)
                  # batch 211: 扇 shan4, a fan named by its kind (太极扇, 羽毛扇); 干 gan1 "dry" of what was wet, not yet or soon
                  # (露水还没干, 水字一会儿就干了; 活还没干 keeps gan4)
                  (re.compile("(?:(?<=太极)|(?<=羽毛|檀香|芭蕉))扇"), "shan4"),
                  (re.compile("(?:露水|水字|水迹|墨|漆|衣服|头发|油漆|颜料|泥|汗)[^，。！？；,.!?;]{0,4}(?:还没|没|就|都|已经|快)(?P<c>干)"
                              "(?=了|[，。！？；,.!?;]|$)"), "gan1"),
                  # batch 212: 待着 dai1 "stay" (在家里好好待着吧; 等待着, 期待着 keep dai4); 干 gan1 "dry" before 得很 / 得要命
                  # closing its clause (屋里干得很; 他干得很好 keeps gan4)
                  (re.compile("(?<![等期对款招接优虐善看])待(?=着)"), "dai1"),
                  (re.compile("干(?=得(?:很|要命|厉害|难受)(?:[，。！？；,.!?;]|$))"), "gan1"),
                  # batch 213: 结果子 jie1 "bear fruit" (好让树多结果子; pypinyin's word 结果 is jie2 "result"); 惹着 zhao2
                  # "provoke" (除非你惹着它了)
                  (re.compile("结(?=果子(?!弹)|了果子|满果子)"), "jie1"),  # (结果子弹打偏了 keeps jie2)
                  (re.compile("(?<=惹)着(?=[他她它我你]|了|[，。！？；,.!?;]|$)"), "zhao2"),
                  # batch 214: 数 shu3 "count" until all are counted (没数清, 数来数去, 多得数不过来; 系数清零 keeps shu4); 圈 juan4, an animal's
                  # pen it stays in (老虎在圈里; 站在圈里的孩子 keeps quan1 "circle"); 待 dai1 "stay" for a lifetime (待了大半辈子)
                  (re.compile("(?<![人总次岁分指函系倍位少多半基参级变奇偶整点票])数(?=清|不清|得清|不过来|不完|来数去)|(?<=数来)数(?=去)"),
                   "shu3"),
                  (re.compile("(?:老虎|狮子|狼|熊|猴子|豹子?|骆驼|猪|羊|牛|马|驴|鸡|鸭|鹅|兔子?)[^，。！？；,.!?;]{0,4}在(?P<c>圈)"
                              "(?=里|中|内)"), "juan4"),
                  (re.compile("(?<![招接对款虐优善厚期等看交担亏])待(?=了?(?:大半|小半|半|一|这|那)?辈子)"), "dai1"),
                  # ... and beyond its labels (read while checking batch 218): the second 晃 of 一晃一晃 huang4 like the first, the second 扇 of 扇了扇
                  # shan1 (扇了扇翅膀; 扇了扇子: shan1 ... shan4), 地 de5 after a repeated 一X一Y (一摇一摆地走到水边; not
                  # before a word it starts: 一个一个地方) is batch 140's 一X接一X rule's now
                  (re.compile("(?<=一晃一)晃"), "huang4"),
                  (re.compile("(?<=扇了)扇(?!子)|扇(?=了扇)|(?<=一边)扇(?![子形面])"), "shan1"),  # (一边扇一边讲: 241)
                  # batch 215: 得 dei3 "it takes" a sum for a repair or a purchase (换一条新内胎得四十, 修一下得两百块; 考试得一百分
                  # keeps de2; batch 228: 染一次头发得好几百块; 242: 学费又涨了，现在得四五千块); 倒 dao3 "fall over" where nothing
                  # follows it (骑起来不会倒, 这面墙会倒吗; 把水倒了 keeps dao4)
                  (re.compile("(?:换|买|修|补|配|做|租|寄|坐|打车|看病|治|装|交|住|吃|花|请人|雇|办|剪|洗|改|印|染|烫|现在|至少|起码|少说)[^，。！？；,.!?;]"
                              "{0,8}(?P<c>得)(?=好?[一二两三四五六七八九十百千几0-9]+多?(?:块|元|万|千)?多?(?:钱|块钱)?"
                              "(?:[，。！？；,.!?;吧呢啊]|$))"), "dei3"),
                  (re.compile("(?:(?<=不会)|(?<=会)|(?<=快要)|(?<=要))倒(?=了?(?:[，。！？；,.!?;吗吧呢]|$))"), "dao3"),
                  # batch 215's sentences beyond their labels: 拧 ning3 "twist" a screw, a cap, a tap or a handlebar (这个螺丝拧得
                  # 太紧了, 他用了好大的劲才拧下来; 拧毛巾, 拧干 keep ning2 "wring"); batch 217's: 拓 ta4, a rubbing taken from a
                  # stone (石碑的拓片，是一百多年前拓下来的; 开拓 keeps tuo4)
                  # (the first 拧 after the thing and the second: the search goes on after a match, so each has its pattern)
                  *((re.compile("(?:螺丝|螺母|螺帽|盖子|瓶盖|杯盖|锅盖|阀门|水龙头|龙头|钥匙|车把|把手|旋钮)[^。！？；.!?;]{0,16}?"
                                + skip + "(?P<c>拧)(?!干|[^，。！？；,.!?;]{0,3}(?:毛巾|衣服|床单|抹布|拖把|被单|裤子|手巾))"),
                     "ning3") for skip in ("", "拧[^。！？；.!?;]{0,16}?")),
                  (re.compile("拧(?=(?:了拧|一拧|了一拧)?了?(?:一下|一圈|两圈|半圈)?(?:螺丝|螺母|螺帽|瓶盖|盖子|阀门|水龙头|钥匙|旋钮"
                              "|车把))"), "ning3"),
                  (re.compile("(?:碑|拓片|铭文|石刻)[^。！？；.!?;]{0,12}(?P<c>拓)(?=下|了|出)"), "ta4"),
                  # batch 218: 倒 dao4 "pour, tip out" leftovers, soup or rubbish somewhere (剩下的饭菜不能直接倒在桌子上; 他喝醉了酒倒在
                  # 地上 keeps dao3 "fall")
                  (re.compile("(?:饭菜|剩饭|剩菜|残羹|汤|茶水|茶叶|茶渣|垃圾|脏水|洗脚水|洗碗水|污水|药渣|果皮)[^，。！？；,.!?;醉]{0,6}"
                              "(?P<c>倒)(?=在|进|到|入)"), "dao4"),
                  # ... and 炸 zha2 "deep-fry" before another way of cooking (先炸后炖, 炸好了再烧; jieba's HMM word 先炸后)
                  (re.compile("炸(?=[^，。！？；,.!?;]{0,4}[再后][炖煮烧焖蒸卤炒])"), "zha2"),
                  # batch 219: 扎 za1 "tie" tight (把粽子扎得紧紧的, 扎紧袋口; 针扎得很深 keeps zha1)
                  (re.compile("扎(?=得?[^，。！？；,.!?;]{0,2}(?:紧紧|紧|牢|结实))"), "za1"),
                  # ... and beyond its labels: 划 hua2 "row" after an oar or a boat or forwards (桨划得飞快, 一下一下地往前划; 划船
                  # was already hua2; 计划 keeps hua4), 只 zhi3 "only" before 差 and an amount (黄队的船只差半个船身: jieba's 船只)
                  (re.compile("(?:桨|船|舟|往前|向前|往回)(?P<c>划)"), "hua2"),
                  (re.compile("只(?=差(?:[一二两三四五六七八九十半几]|点))"), "zhi3"),
                  # batch 220: 倒 dao3, what fell and lies somewhere (把倒在路上的大树一棵一棵地挪开; 把水倒在杯子里 keeps dao4); 盛住
                  # cheng2 "hold, catch" rain in a basin (用一个大盆把雨水盛住)
                  (re.compile("倒(?=在[^，。！？；,.!?;]{1,5}的[^，。！？；,.!?;]{0,2}(?:树|杆|墙|房|人|车|柱|牌|塔|棚))"), "dao3"),
                  (re.compile("盛(?=住)"), "cheng2"),
                  # batch 221: 结 jie1 "bear" a fruit named after it (桃树结满了桃子; 结了婚 keeps jie2); 种 zhong4 "planted" in a place
                  # (草莓是种在大棚里的; 这种在市场上很少见 keeps zhong3 "kind")
                  (re.compile("结(?=(?:满了?|了|出了?)[^，。！？；,.!?;]{0,3}(?:果|桃|梨|枣|橘|柿|葡萄|荔枝|杏|李子|樱桃|石榴|瓜|豆荚|穗))"),
                   "jie1"),
                  (re.compile("(?<![这那哪各某一品物多几两三该此同异新老本良兵])种(?=在)"), "zhong4"),
                  # ... and beyond its labels: 得 de5 after what pricks, freezes or burns the hand (扎得手直痒痒: jieba's 得手 de2
                  # "succeed", which 他得手了 keeps)
                  (re.compile("(?<=[扎冻烫硌磨勒夹刺晒震])得(?=手)"), "de5"),
                  # batch 222's sentences beyond their labels: 得 de5 where a mess spread everywhere (弄得到处都是: jieba's 得到
                  # de2 "obtain"), and dei3 "must" go looking everywhere (他得到处找, which read de2) or go somewhere (得到隔壁车厢去:
                  # batch 235; 得到了去北京的机会 keeps de2)
                  (re.compile("(?<=[弄搞闹撒洒溅扔摆堆喷吐淋沾掉])得(?=到处)"), "de5"),
                  (re.compile("(?<![弄搞闹撒洒溅扔摆堆喷吐淋沾掉])得(?=到处(?:去|找|跑|问|打听|借|求)"
                              "|到(?![了过手处])[^，。！？；,.!?;的]{1,8}[去来](?:[，。！？；,.!?;吧啊呢]|$))"), "dei3"),
                  # batch 223: 差 cha4 "fall short" by a sum or a thing right after a clause's 时 (结账时差了三块钱: jieba's 时差
                  # shi2 cha1 "time difference", which 时差三个小时 keeps)
                  (re.compile("(?<=时)差(?=了[一二两三四五六七八九十几半0-9]+(?:块|元|毛|角|张|本|件|份|瓶|斤))"), "cha4"),
                  # batch 224: 划 hua2 "cut open" with a blade at one stroke (拿刀在鱼肚子上一划; 一划 of a character's strokes is
                  # hua4), 卡 qia3 of a fishbone or a bone stuck (被鱼刺卡着), 散 san3 "loose, falling apart" after a degree
                  # word closing its clause (解冻以后肉有点散; 人都散了 keeps san4 "disperse"), or at a touch (一夹就散了: 234)
                  (re.compile("(?:刀|刀子|剪刀|刀片|小刀|指甲|针)[^，。！？；,.!?;]{0,8}一(?P<c>划)(?![一二三四五六七八九十]|笔|横|竖)"),
                   "hua2"),
                  (re.compile("(?:鱼刺|鱼骨|骨头|刺)[^，。！？；,.!?;]{0,1}(?P<c>卡)(?=着|住|在|了)"), "qia3"),
                  (re.compile("(?<=有点|有些|比较|特别|非常)散(?=了?(?:[，。！？；,.!?;]|$))|(?<=[太很挺])散(?=了?(?:[，。！？；,.!?;]|$))"
                              "|(?<=一[夹碰戳搅捞拿摸捏煮炖]就)散(?=了|开)"),
                   "san3"),
                  # ... and beyond its labels: 切 qie1 "cut" before how it was cut (把鱼片切得很薄; 亲切得很 keeps qie4)
                  (re.compile("(?<![亲密确迫急一恳真贴])切(?=得[^，。！？；,.!?;]{0,3}(?:薄|厚|细|碎|匀|整齐|大|小|粗|均匀))"), "qie1"),
                  # batch 225: 扎 za1 "bind" a fence or a kite named a clause back (围了一圈篱笆，是爷爷自己扎的); 没 mo4 "come up
                  # to" a part of the body (小河夏天能一直没到大人的腰; 他没到过北京 keeps mei2)
                  (re.compile("(?:篱笆|风筝|灯笼|花圈|扫帚|稻草人|辫子|马尾|粽子)[^。！？；.!?;]{0,10}(?P<c>扎)(?=的|了|成|好|起)"),
                   "za1"),
                  (re.compile("没(?=[到过]了?[^，。！？；,.!?;]{0,4}(?:腰|膝盖|脖子|头顶|小腿|大腿|脚踝|脚面|胸口|肩膀))"), "mo4"),
                  # batch 227: (完全干了 gan1 is batch 193's degree-word rule); beyond its labels: 不太行 xing2 "not much good" (电池不太行了: the phrase table's 太行 hang2, the
                  # mountains, which 太行山 keeps)
                  (re.compile("(?<=不太)行(?!山)"), "xing2"),
                  # batch 228's sentences beyond their labels: 精神 jing1 shen5 "lively, smart-looking", the adjective, after a
                  # degree word or 显得 / 看上去 or before how much more (看上去精神多了, 小伙子很精神; 精神很好 and 精神病 keep
                  # shen2, the noun); batch 230's: 上 shang4 "attend" a school or work after 外地 / 本地 ... (在外地上大学: jieba's
                  # 在外 | 地上 "on the ground")
                  (re.compile("(?:(?:(?<=[很挺真更])|(?<=特别|非常|显得|看着|上去|起来))精(?=神(?:[，。！？；,.!?;了的啊呢吧]|$))"
                              "|精(?=神(?:多了|极了|得很|了不少|了许多)))(?P<c>神)"), "shen5"),
                  (re.compile("(?<=[外本当异内两]地)上(?=大学|中学|小学|高中|初中|学|班|课)"), "shang4"),
                  # batch 231: 背 bei1 "carry" a bag (把包背在前面; jieba's 包背; 转了转: batch 78's rule), and (batch 240's) a person
                  # named by a pronoun before where to or nothing more (非要爸爸背她; 背她的台词 keeps bei4); beyond its labels: 着 zhe5
                  # of waiting, sitting, standing ... already or still going on (门口已经有人在等着了; 终于等着了 "got" keeps zhao2)
                  (re.compile("(?<=包)背(?=在|着|起|到|上)|(?<![违相])背(?=[他她我你](?:[，。！？；,.!?;]|$|[下上回到过进出走]|一程|一会儿))"),
                   "bei1"),
                  (re.compile("(?<=[在经都早正就])(?:等|坐|站|躺|守|候|蹲|跪|排|趴|靠)(?P<c>着)(?=了)"), "zhe5"),
                  # batch 235's sentences beyond their labels: 得 dei3 "must" after a way up, down, in ... or 就 / 还 / 也 before
                  # how one has to hold on or stand (爬上去得踩着梯子; after what drove one to it the particle: 笑得捂着肚子,
                  # 激动得拉着我的手), and (batch 244's) after 都 / 就 / 还 / 也 / 总 before how many people it takes (每次都得两个
                  # 人按着; 他得了两个人的支持 keeps de2)
                  (re.compile("(?:(?<=[上下进过出回][去来])|(?<=[就还也]))得(?=[踩扶拿抱站弯侧低举扛背蹲跪趴拽拉牵搀撑抬提]着)"
                              "|(?<=[都就还也总])得(?=[一两三四五六七八九十几]+个人)"), "dei3"),
                  # batch 236's: 看中医 zhong1 "see a doctor of Chinese medicine" (pypinyin's 看中 "take a fancy to", which 看中了那件衣服
                  # keeps)
                  (re.compile("(?<=看)中(?=西?医(?!生))"), "zhong1"),
                  # batch 237: 空 kong1 "nothing" after 扑了个 / 落了个 / 跑了个 (守门员扑了个空; CC-CEDICT's 扑空)
                  (re.compile("(?:扑|落|跑)了?一?个(?P<c>空)(?![间位地调格儿子])"), "kong1"),
                  # batch 242's: 没过 mei2 "did not pass" closing its clause, before a question particle or a while (考试没过，;
                  # 没过几天; 没过期: pypinyin's 没过 mo4 "submerge", which 水没过了膝盖 keeps)
                  (re.compile("没(?=过(?:[，。！？；,.!?;]|$|[吗呢啊吧]|多久|关|期|门|瘾|[几多一两三四五六七八九十半]+[^，。！？；,.!?;]{0,2}?"
                              "(?:天|年|月|星期|周|会儿|小时|分钟|久)))"), "mei2"),
                  # batch 243: 撒 sa3 "scatter" petals, seeds, salt ... (往红地毯上撒花瓣: jieba's 上撒; 撒谎, 撒网 keep sa1),
                  # 转 zhuan4 "turn round" before 不动 / 得动 (转盘都快转不动了); beyond its labels: 着 zhe5 between a face's colour
                  # or a look and the eyes (红着眼圈, 瞪着眼睛: jieba's 着眼 zhuo2 "focus on", which 着眼于未来 keeps)
                  (re.compile("撒(?=了?(?:花瓣|花|种子|盐|糖|葱花|胡椒粉?|鱼食|饲料|米|豆子|纸屑|彩带))"), "sa3"),
                  (re.compile("转(?=不动|得动)"), "zhuan4"),
                  (re.compile("(?<=[红瞪眯睁闭眨斜翻])着(?=眼)"), "zhe5"),
                  # batch 244: 扎 zha1 "prick" at one go, going in (针一扎进去: pypinyin's 一扎 za1 "a bundle", which 一扎啤酒 keeps);
                  # beyond its labels: 得 dei3 "must" opening a clause before 空腹 (batch 132's rule: ，得空腹) and before how many
                  # people it takes (batch 235's rule: 每次都得两个人按着)
                  (re.compile("(?<=一)扎(?=进|到|破|穿|就|下去)"), "zha1"),
                  # batch 246: after the adverbial 地 of a repeated 一X一X, the verb jieba glues to 地 (一枚一枚地数给我: 地数
                  # "land number", 一串一串地盛进纸杯: 地盛): 数 shu3 "count", 盛 cheng2 "ladle" before where it goes (一朵一朵地
                  # 盛开 keeps sheng4); 大爷 ye5, an old man or a father's elder brother (老大爷, 王大爷: pypinyin's ye2, the
                  # idle master; 大爷爷 keeps ye2)
                  (re.compile(_ONE_BY_ONE + "数"), "shu3"),
                  (re.compile(_ONE_BY_ONE + "盛(?=[进到在出满上好了给入])"), "cheng2"),
                  (re.compile(_ONE_BY_ONE + "铺(?=[好在上满开平成了])"), "pu1"),  # (一片一片地铺好: 258)
                  (re.compile("(?<=大)爷(?!爷)"), "ye5"),
                  # batch 249: 待 dai1 "stay" before 在 and where, or whether one can stay (只能待在家里, 待这儿, 待不住, 待不下去:
                  # pypinyin's dai4 "treat, await", which 对待 / 期待 / 有待 / 招待 ... keep)
                  (re.compile("(?<![招接对款虐优善厚期等看交担亏有亟留以])待(?=在|[这那哪](?:儿|里)|[不得](?:住|下去))"), "dai1"),
                  # batch 250: 场 chang3, an exam's session, before 考 (第一场考语文; 一场考验 keeps chang2); 地 de5 after a
                  # one-by-one 一XX however jieba cuts it (一遍遍地叮嘱: jieba's 一遍|遍地 "everywhere"; 一件件地穿好: batch 248;
                  # 一块块地里 keeps di4)
                  (re.compile("场(?=考(?![验虑察古核究量勤评证据]))"), "chang3"),
                  (re.compile("一([^亩处])\\1(?P<c>地)(?![方点区段址图面铁带球震位毯板基形势道里])"), "de5"),  # (一片片地沉到: 253)
                  # batch 251: 地 de5 after a one-character sound before 一声 / 一下 (暗门咔地一声打开了; jieba's 咔|地 read di4)
                  (re.compile("(?<=[咔嚓啪砰嘭咚哗嗖咣噗哐轰呼噌唰嗡吱])地(?=一声|一下)"), "de5"),
                  # batch 252: 假 jia4 "leave" after 请了 / 休了 / 放了 (只好请了假: pypinyin's 假 alone is jia3); 和 he2 of 和声
                  # "harmony" after 唱 (唱和声的那一部分: jieba's 唱和 "sing in reply", he4)
                  (re.compile("(?:请|休|放|销)了(?P<c>假)"), "jia4"),
                  (re.compile("(?<=唱)和(?=声)"), "he2"),
                  # batch 253: 水分 fen4 before 散 (让水分散一散: jieba's 分散 fen1)
                  (re.compile("(?<=水)分(?=散)"), "fen4"),
                  # batch 254: 当 dang4 "as" a meal (热了热当早饭: pypinyin's dang1); 切 qie1 "cut" before 得 (牛肉切得跟纸一样
                  # 薄; 一切得从头开始 keeps qie4); 得 de5 before 一X不剩 (喝得一滴不剩: jieba's 一滴 read as an amount it takes);
                  # 地道 dao5 "authentic" (比他老家的面还地道: pypinyin's dao4 "tunnel", which 挖地道, 躲在地道里, 地道战 keep);
                  # 长 chang2 before 筷子 ... (用长筷子: jieba's 用长)
                  (re.compile("当(?=[早午晚夜]饭|饭吃|点心|零食|夜宵|早点|肥料|柴火|柴烧|(?:生日|新年|结婚)?礼物|暖手宝|热水袋|枕头|凳子|扇子|玩具"
                              "|(?:润笔|路|车|饭|伙食|生活|零花|跑腿|辛苦|介绍|茶水|手续|加班)费|(?:样板|样品)(?![间房]))"), "dang4"),
                  # (当肥料: 263; ，当生日礼物: 264; 当暖手宝: 275; 当润笔费: 286; 当样板: 291, 当样板间开放时 keeps dang1)
                  (re.compile("(?<![一密亲急迫确贴恳真])切(?=得)"), "qie1"),
                  (re.compile("得(?=一[\u4e00-\u9fff]也?不剩)"), "de5"),
                  (re.compile("(?:(?<=[挖修钻进躲通])|(?=地道[里口中内]))地(?P<c>道)"), "dao4"),
                  (re.compile("长(?=筷子|竹竿|杆子|棍子)"), "chang2"),
                  # batch 258: 和 huo2 "mix" cement or mud where someone is at it (我在下面和水泥; 沙子和水泥 keeps he2), and the
                  # 和了 of the clause after it (，和了满满一桶: pypinyin's 和了 hu2 "win at mahjong")
                  (re.compile("(?:在[^，。！？；,.!?;]{1,4}[边里上下旁头]|(?<=[在先去来帮要])|(?<=下面|一边|开始|正在))(?P<c>和)(?=水泥|泥巴)"),
                   "huo2"),  # (在路边和水泥: 290)
                  (re.compile("(?:水泥|泥巴)[^。！？；]{0,6}?，(?P<c>和)(?=了)"), "huo2"),
                  (re.compile("干(?=透)"), "gan1"),  # dried through (晒了一整天才干透: jieba's 才干 "ability")
                  # batch 259: 调 tiao2 "adjust" a setting, a while between (调了半天焦距: pypinyin's diao4); 得 dei3 "it takes" a
                  # rough length of time (换片子得十来分钟: jieba's 十来 is no amount of minutes; 考得 / 记得 ... keep theirs)
                  (re.compile("调(?=了?(?:半天|一下|好久|一会儿?)?(?:焦距|音量|频道|闹钟|座椅|亮度|温度|音调))"), "tiao2"),
                  (re.compile("(?<![考记获取赢觉懂值显使晓认])得(?=(?:十来|十几|几十|好几|[一二两三四五六七八九十半])[来个]?"
                              "(?:分钟|小时|个小时|钟头|天|周|个月|年))"), "dei3"),
                  # batch 260: 划 hua2 "scratch" a mark or a cut (镜片上划出了一道印子; 划出一块地 keeps hua4); 干 gan1 "dry" in 又干又X /
                  # 又X又干 (眼睛又干又涩)
                  (re.compile("划(?=[出破开]?了?一?[道条]?(?:印子|口子|伤口|划痕|痕|血道子)|(?:着|破了?|伤了?)[手脚脸])"), "hua2"),  # (别划着手: 261)
                  (re.compile("(?<=又)干(?=又)|(?<=又[\u4e00-\u9fff]又)干"), "gan1"),
                  # batch 261: 卷卷的 juan3 juan3 "curly" (jieba tags 卷 a number there, juan4 "volume")
                  (re.compile("卷(?=卷的)|(?<=卷)卷(?=的)"), "juan3"),
                  # batch 262: 缝 feng2 "sew" on or in (一针一线缝上去: jieba's 缝上去), and after 一针一线 (一针一线地缝: jieba's 地缝)
                  (re.compile("缝(?=上去|上来|进去)"), "feng2"), (re.compile("(?<=一针一线)地?(?P<c>缝)"), "feng2"),
                  # batch 263: 背 bei1 "carry", a load at a time (一背就是一大筐; 一背就会 "learn by heart" keeps bei4)
                  (re.compile("(?<=一)背(?=就是一?[大小]?[筐篓捆袋包担])"), "bei1"),
                  # batch 264: 把儿 ba4 "a handle" (杯子的把儿: pypinyin's ba3; 一把儿 "a handful" keeps it); 得 dei3 "must" before
                  # reaching or holding a level (温度得升到一千多度: jieba's 得升)
                  (re.compile("(?<![一两几半这那每])把(?=儿(?![子女童孙媳时科歌戏]))"), "ba4"),  # (把儿子 keeps ba3)
                  (re.compile("得(?=升到|降到|保持在|控制在|调到)"), "dei3"),
                  # batch 266: 看场 kan1 chang2 "keep watch over the threshing floor" closing its clause (要看场，; 看场电影 keeps
                  # kan4 chang3); 扇 shan1 "fan" in 扇一扇 and before where it blows something (扇出去; 一扇一扇的窗 keeps shan4);
                  # 还 huan2 "give back" after "hurry" / "remember" (赶紧还回来); 垛 duo4 "stack" (垛成垛, 草垛; 城垛 / 垛口 keep duo3)
                  (re.compile("看(?=场子?(?:[，。！？；、,.!?;]|$))"), "kan1"), (re.compile("(?<=看)场(?=[，。！？；、,.!?;]|$)"), "chang2"),
                  (re.compile("(?<![一两几每这那哪])扇(?=一扇)|(?<![一两几每这那哪]扇一)(?<=扇一)扇"
                              "|(?<![一两几每这那哪风电门窗])扇(?=出去|出来|走了|掉)"), "shan1"),
                  (re.compile("(?:(?<=赶紧|赶快|按时|及时|记得)|(?<=别忘了))还(?=回来|回去|给)"), "huan2"),
                  (re.compile("(?<!城)垛(?!口)"), "duo4"),
                  # batch 267: 得 dei3 "must" before remembering or taking along (出门得记住: jieba's 出门 v |得| 记住 v); 看 kan1
                  # "keep watch" of a guard, or of one posted, closing its clause (保安在门口看着; 大家在旁边看着 keeps kan4)
                  (re.compile(_NOT_A_DE_WORD + "得(?=记住|记着|记牢|带上|带好|带着)"), "dei3"),
                  (re.compile("(?:保安|门卫|警卫|派人|安排人)[^，。！？；,.!?;]{0,6}(?P<c>看)(?=着(?:[，。！？；,.!?;]|$|点))"), "kan1"),
                  (re.compile("(?<=负责)看(?=着)"), "kan1"),  # in charge of minding (我负责看着那几只猫: batch 296)
                  # batch 268: 圈 juan1 "fence in" with what encloses (四周圈着铁丝网; 把错字圈起来 and 围了一圈篱笆 keep quan1); 舍 she4 "a pen" of an
                  # animal (狗舍里: jieba's 舍里; 狗舍不得走 keeps she3); 得 dei3 "must" opening a clause before who does it (，得一个人抱着)
                  (re.compile("(?<=四周|周围)圈(?=着|了|起)|(?<![一两几三四五这那每整半])圈(?=[着了起上住]{0,2}(?:铁丝网|篱笆|栅栏|围栏|围墙|护栏))"), "juan1"),
                  (re.compile("(?<=[狗猫鸡鸭鹅牛马猪羊兔鸽])舍(?![不得弃己身近命])"), "she4"),
                  (re.compile("(?<=[，,；;：:])得(?=[一两几三]个人|有人|专人|找人)"), "dei3"),
                  # batch 269: 得 dei3 "must" before "often" and a chore (被子得勤晒: jieba's 得 ud before 勤 a; 跑得勤 keeps de5)
                  (re.compile("得(?=(?:勤|常|经常|时常|勤快地?)(?:晒|洗|换|擦|浇|刷|通风|打扫|收拾|翻|喂|练|检查))"), "dei3"),
                  # batch 270: 半干 gan1 "half dry" closing its clause (晒得半干，: jieba's 半干 m, pypinyin's gan4), and the 得 before
                  # it and other half-done states de5 (it read de2, "get", before what jieba calls a number)
                  (re.compile("(?<=半)干(?=[，。！？；、,.!?;的了]|$|半湿)"), "gan1"),
                  (re.compile("得(?=半[干湿熟死透醒])"), "de5"),
                  # batch 271: 一个X接一个X地 de5 "one X after another" (一个弯接一个弯地: jieba's 弯地 z), and 转 zhuan4 "go round"
                  # after 地 closing its clause (天旋地转 too); 吐 tu4 "be sick" before how badly (吐得稀里哗啦, 吐了一地); 还 hai2
                  # "still" after 生 before a verb (花生还在口袋里: pypinyin's 生还 "survive"; 无一生还 keeps huan2)
                  (re.compile("一个?([\u4e00-\u9fff])接一个?\\1(?P<c>地)"), "de5"),
                  (re.compile("(?<=地)转(?=[，。！？；,.!?;]|$)"), "zhuan4"),
                  (re.compile("吐(?=得(?:稀里哗啦|一塌糊涂|满地|到处|厉害|很厉害|昏天黑地|直不起腰)|了一[地身])"), "tu4"),
                  (re.compile("(?<=[生回])还(?=[在是有没要得能会不挺很想带拿])"), "hai2"),  # (这回还带来了: pypinyin's 回还, 275)
                  # batch 272: 划 hua2 "streak across" of a meteor, lightning or a bird (流星从头顶划了过去; 把钱划过去 keeps hua4);
                  # 数 shu3 "count" closing its clause after a place (躺在草地上数，, in batch 151's rule) and after 往上 / 往前 ... (往上数五倍; 往后数年
                  # keeps shu4)
                  (re.compile("(?:流星|闪电|彗星|火光|亮光|光线|子弹|飞机|燕子)[^，。！？；,.!?;]{0,8}?(?P<c>划)(?=了?过|破)"), "hua2"),
                  (re.compile("(?<=往[上下前后回])数(?![年日月天十百千万])"), "shu3"),
                  # batch 273: 得 dei3 "must" before putting something somewhere (两只手得叠在一起: jieba's 得叠); 拿X当Y dang4 "use
                  # as" (拿枕头当模拟人: jieba tags 当 t; 拿起电话当时 keeps dang1); 准得 dei3 "would surely" (准得慌; 打得准得很 keeps de5)
                  (re.compile(_NOT_A_DE_WORD + "(?<![吓怕急慌气羞冻饿累疼困乐笑哭])得(?=[放摆叠贴挂插搁塞夹绑锁存停摊铺晾藏][在到进])"), "dei3"),
                  (re.compile("拿[^，。！？；,.!?;当]{1,6}?(?P<c>当)(?![中时初年天晚场面地然即前下着众心])"), "dang4"),  # (拿了钱当着大家 keeps dang1)
                  (re.compile("(?<=[^说看瞄打算估猜测拿]准)得(?![很多不出要到以知])"), "dei3"),  # (水准得到提高 keeps de2)
                  # ... and read while checking it: V得准 "V accurately" de5 closing its clause or before 得很 (报得准 read dei3 of
                  # jieba's 报得 准 v, 打得准得很 de2)
                  (re.compile("(?<=[打说猜报算看估测瞄投射踢扔抛量称判])得(?=准(?:[，。！？；,.!?;]|$|得很|极了|吗|呢|了))"), "de5"),
                  # batch 274: 磨 mo4 "grind on a mill" what is ground (磨豆子, 磨面); 挑 tiao3 "lift" with a pole or chopsticks
                  # (用竹竿挑起来: jieba's 挑起来); 铺着 pu1 "spread" (铺着纱布; 店铺着火 keeps pu4); 干 gan1 "dry" after wringing
                  # or draining (挤干了, 拧干); 盛 cheng2 before a bowlful (盛一大碗: jieba's 一 | 大碗); 塞 sai1 "stuff" after
                  # insisting (硬要塞给我: jieba's 要塞 "fortress")
                  (re.compile("磨(?=豆子|豆浆|豆腐|黄豆|面粉|米粉|芝麻|玉米|麦子|小麦|面(?![子具孔前对]))"), "mo4"),
                  (re.compile("(?:竹竿|竿子|棍子|筷子|叉子|杆子)[^，。！？；,.!?;]{0,2}(?P<c>挑)"), "tiao3"),
                  (re.compile("(?<![店床卧当饭药肉杂商])铺(?=着|[一两几三四五六七八九十半]?[片层张块床条])"), "pu1"),  # (铺几片姜: 292)
                  (re.compile("(?<=[挤拧沥控])干(?![活部事劲嘛吗])"), "gan1"),
                  (re.compile("盛(?=了?[一两几半满]?[大小]?[碗勺盘杯盆锅])"), "cheng2"),  # (一人盛了一大碗: jieba's 一人盛, 290)
                  (re.compile("(?<=[硬非还就偏总]要)塞(?=给|进|到|满|了|住|在)"), "sai1"),
                  # batch 275: 种 zhong4 "grow" before 出来 / 出了 and after a field (沙地里种出来的; 这种 / 品种 keep zhong3), 当 dang4
                  # "use as" before a thing used so (揣在兜里当暖手宝: jieba tags 当 t; in batch 263's 当 rule)
                  (re.compile("(?<![这那哪各某一几两多每同品物人兵火工变杂良稻麦菜树花谷播选育引配纯])种(?=出来|出了)"
                              "|(?<=[地田园]里)种(?![子类族])"), "zhong4"),
                  # batch 276: 倒 dao3 "fall over" after what knocks it (弄倒了, 碰倒在: jieba's 弄倒); 挑 tiao3 "pick out" with a
                  # point (挑出虾线, 挑出鱼刺; 挑刺 "find fault" keeps tiao1); 剥得 bao1 de5 (jieba's word; it read bo1 de2)
                  (re.compile("(?<=[弄碰推撞踢刮吹压挤绊撂放摔])倒(?=了|在)"), "dao3"),
                  (re.compile("挑(?=出(?:虾线|鱼刺|木刺|刺|线头))"), "tiao3"),
                  (re.compile("剥(?=得)"), "bao1"), (re.compile("(?<=剥)得"), "de5"),
                  # batch 277: 划 hua2 "swipe" one way (往右一划: jieba's 一划 n); 调 tiao2 a display's type size or a speed (把字体调到
                  # 最大: in batch 106's rule, which also takes 调大 / 调小 now); 着 zhe5 before 手机 / 手表 ... held or faced (对着手机说话: pypinyin's 着手 zhuo2 "set about")
                  (re.compile("(?:(?<=[左右上下]一)|(?<=轻轻一|手指一))划"), "hua2"),
                  (re.compile("(?<=[对拿握举捧攥盯看])着(?=手[机表套电绢帕链])"), "zhe5"),
                  # batch 278: 臊 sao4 "shame" of 害臊 split by 起 / 了 / 什么 (害起臊来了; 臊味 "a stink" keeps sao1)
                  (re.compile("(?<=害)(?:起|了|什么|啥)?(?P<c>臊)"), "sao4"),
                  # batch 279: 得 dei3 "must" opening a clause before "every day" (，得天天看天气预报, in batch 132's rule; 得天独厚
                  # keeps de2); 闷 men1 "seal in" for days (闷上几天, in batch 17's rule); 着 zhao2 "manage to" after 难 + a verb closing
                  # its clause (很难买着; batch 283: after 没 too, 一个也没吃着; 难吃着呢 keeps zhe5); 教 jiao1 "teach" after
                  # 这回 / 下回 ... before whom (这回教我: jieba's 回教 "Islam")
                  (re.compile("(?:(?<=难)[买找借见碰遇租订抢约]|(?<=没)[买找借见碰遇租订抢约吃赶睡够摸]|(?<=才)[抓逮找买借追赶碰见])(?P<c>着)"
                              "(?=了?(?:[，。！？；,.!?;吧啊呢吗]|$))"), "zhao2"),
                  (re.compile("(?<=[这那上下每]回)教(?=[我你他她咱]|孩子|大家)"), "jiao1"),
                  # batch 281: 得 dei3 "must" after 睡觉 before how (睡觉得把自己绑在睡袋里: jieba's 睡觉 | 得 ud); 哄 hong1, a
                  # crowd's burst of laughter (哄地一下笑开了; pypinyin's hong3 "coax"); 相 xiang4 "photo" taken (拍了张相: jieba's 张相,
                  # a name); 背 bei4 "recite" to a place in a text (背到小数点后二十位, 背到第三课; 背到山顶 keeps bei1); 转 zhuan4
                  # "twist, spin" a cube, a top or a pen (转魔方)
                  (re.compile("(?<=睡觉)得(?=把|先|早|用|戴|盖|关|穿|开|[在到]床)"), "dei3"),
                  (re.compile("哄(?=[地的]一[下声])"), "hong1"),
                  (re.compile("(?<=[拍照])(?:了|过)?一?[张个](?P<c>相)"), "xiang4"),
                  (re.compile("背(?=到(?:小数点|第[一二三四五六七八九十百几]+[课页段句首章行篇]"
                              "|[一二三四五六七八九十百几]+[位页段句首遍篇]))"), "bei4"),
                  (re.compile("转(?=魔方|陀螺|呼啦圈|笔(?![记画试名录迹]))"), "zhuan4"),
                  # batch 282: 还 huan2 "bargain down" to a sum after the asking price (摊主要价八十，他还到了五十; 他还到了
                  # 五十岁 with no price before keeps hai2)
                  (re.compile("要价[^。！？；]{0,12}?(?P<c>还)(?=到了?[一二三四五六七八九十百两几0-9])"), "huan2"),
                  # batch 285: 钉 ding4 "nail together" with what it was made of (用木条钉的); 和 huo4 "mix in" a little into
                  # something (往玉米粒里和点儿沙子); 转 zhuan4 "hang about" closing its clause after 后面 / 身边 ... (跟在爷爷屁股
                  # 后面转); 得 de5 of "can" before 出 after saying, knowing, seeing ... (说得出哪只: jieba's 得出 "conclude",
                  # which keeps de2: 研究得出结论)
                  (re.compile("(?<=[用拿])[^，。！？；,.!?;]{1,4}(?<![颗根枚个])(?P<c>钉)(?=的|成)"), "ding4"),  # (用了三根钉的: the nail)
                  (re.compile("往[^，。！？；,.!?;]{1,6}里(?P<c>和)(?=点|一点|些|上一?点)"), "huo4"),
                  (re.compile("(?<=后面|后头|身边|身后|周围)转(?=[，。！？；,.!?;]|$)"), "zhuan4"),
                  (re.compile("(?<=[说认叫想看听猜写答拿讲做])得(?=出(?!了))"), "de5"),
                  # batch 286: 长 chang2 "long" strips cut from paper (裁成长条: jieba's 成长 "grow up"); 干 gan1 ink or paint
                  # not yet dry (墨没干之前); 着 zhao2 "get hold of" after 才 closing its clause (追了好远才抓着, in batch 279's rule); 当 dang4 "as" a
                  # fee (红包当润笔费: in batch 263's 当 rule)
                  (re.compile("(?<=[裁剪切撕折割]成)长(?=条|方形|段|块)"), "chang2"),
                  (re.compile("(?<=[墨漆])(?:迹|水|汁)?(?:还|都|也)?没(?P<c>干)"), "gan1"),
                  # batch 287: 挑 tiao3 "pick out with a point" after the knife's tip, the needle ... (用刀尖扎了个口，挑出一块: batch
                  # 276's rule named what is picked out); 得 dei3 "must" after a thing before care (收大票子得小心; 走得小心 keeps de5)
                  (re.compile("(?:刀尖|针尖|牙签|筷子尖)[^。！？；]{0,12}?(?P<c>挑)(?=出|起|开)"), "tiao3"),
                  (re.compile("(?<=[子西钱票事话])得(?=小心|当心|留神|注意)"), "dei3"),
                  # batch 288: 劈 pi1 "split" with a blade into parts or open (把竹子劈成两半, 劈开; pypinyin's 劈成 pi3); 挑 tiao3
                  # "lift" a strand in weaving (压一根挑一根); (买回去当摆设 dang4: batch 238's rule now takes 买回去 / 拿回来 ...)
                  (re.compile("劈(?=成[两几一二三四五六七八九十]|开)"), "pi1"),
                  (re.compile("(?<=压一[根条])挑|挑(?=一[根条]?压一)"), "tiao3"),
                  # batch 289: 调 tiao2 "mix in" a spoonful (再调一勺桂花蜜: jieba's 再调; in batch 106's rule); 得 dei3 "must" after 下回 / 下次 / 明天
                  # ... as after 以后 (now in batch 97's rule: 下回得泡足十二个钟头; 下次得了冠军 keeps de2)
                  # batch 290: 和 huo2 "mix" cement somewhere (在路边和水泥: batch 258's rule, which wanted 在 right before it, now takes it); 背 bei1 of
                  # 人背肩扛 / 肩挑背扛 (carried on backs and shoulders); 干 gan4 "work at" for a stretch (一干就是两年, read gan1)
                  (re.compile("背(?=肩扛)|(?<=肩挑)背"), "bei1"),
                  (re.compile("(?<=一)干(?=就是[一二两三四五六七八九十几好半大整]|就干到)"), "gan4"),
                  # (batch 291: 当样板 dang4 "as a model", in batch 263's 当 rule)
                  # batch 292: 得 de5 after a cooking verb (煎得两面金黄: a whole tagged m after it read de2); 铺 pu1 "lay" a
                  # number of slices or layers (上面铺几片姜, in batch 274's 铺 rule; 店铺两层, 一铺炕 keep pu4)
                  (re.compile("(?<=[煎炸烤烙炒焖炖煮蒸])得(?![到])"), "de5"),
                  # batch 293: 了 liao3 of 一 V 了事 "just V and be done with it" (往柜子里一塞了事; 一出了事 keeps le5)
                  (re.compile("(?<=一)(?!出)[一-鿿](?P<c>了)(?=事(?![情儿故]))"), "liao3"),
                  # batch 295: 和 hu2 "win" at mahjong after its signs (手气好，第一圈就和了; 没和成的牌: jieba's 就和 / 没和);
                  # 当 dang4 "count it as" after 就 before 请 (零钱就当请大家喝茶了: jieba's 当请)
                  (re.compile("(?:手气|麻将|打牌|摸牌|听牌|一张|圈)[^。！？；,.!?;]{0,6}?(?P<c>和)(?=了|成)"), "hu2"),
                  (re.compile("(?<=没)和(?=成[^，。！？；,.!?;]{0,3}牌)"), "hu2"),
                  (re.compile("(?<=就)当(?=请)"), "dang4"),
                  # ... and 红中 zhong1, the tile, after a classifier (那对红中: jieba's 红 | 中 f; 眼红中了奖的人 keeps zhong4)
                  (re.compile("(?<=[对张个])红(?P<c>中)"), "zhong1")]

_SUPPORTED = re.compile("[他她我你]|孩子|学生|儿子|女儿|弟弟|妹妹|读书|上学")
_V_LE_V_RE = re.compile("([\u4e00-\u9fff])[了一]?(?=\\1)")  # (the second verb looked at, not taken)

# The reading of 得 where pypinyin has no phrase for it (it then says de2) comes from its neighbours' parts of
# speech in jieba's dictionary; these words after 得 make it "obtain" (de2): 得了金牌, 得过冠军.
_PARTICLES_AFTER_VERB = {"了", "过", "着"}
_CAN_AFTER = {None, "吗", "吧", "呢", "啊", "么", "这么", "那么", "这么多", "那么多", "多少"}  # after V得了 "can manage"
_RESULTS = set("上下好起开住完掉")  # a verb's result in one character (缝上, 关好, 收起)
_DEGREE_START = set("很太更不非十特挺真好多越比极")
# 老 "very" before an adjective of size, which jieba tags a noun (排得|老长, 跑得|老远, 瞪得|老大: batch 138)
_LAO_VERY = {"老" + c for c in "长远高大深粗厚重沉宽胖贵"}
_NAILED_HOW = _DEGREE_START | set("牢紧结歪斜")  # after 钉得: how the nail was driven (钉得太浅, 钉得很牢: batch 139)
_DRIVEN = set("气急吓累饿困乐笑哭疼痛冻热冷忙羞愁馋怕心咳喊")  # (伤心, 开心 end in 心; 咳得说不出话: batch 252)
_DRIVEN |= set("呛熏辣吵逼烫")  # what smoke, spice, noise, pressure drove to (呛得我直咳嗽, 吵得他睡不着: batch 47)
_DRIVEN |= set("咸酸甜苦涩腻渴闷憋烦")  # tastes (咸得没法吃, 酸得直皱眉: batch 105), stuffiness (闷得让人喘不过气: 113)
_ADJ_MISTAGGED = {"美", "清", "浑", "静"}  # jieba tags them a place (美国), a time (清朝), a noun, a name: 美得无法形容,
# 溪水清得能看见底下的石头 (batch 240), 静得能听见针掉在地上 are the adjective
_GAINED = {"满分", "高分", "低分", "零分", "冠军", "亚军", "季军", "金牌", "银牌", "铜牌", "大奖", "奖", "奖状", "第一",
           "第一名", "好评", "好处", "便宜", "学位", "博士", "硕士"}
_ADV_MISTAGGED = {"重新"}  # jieba tags it a: 这面墙得重新刷 is "must ... again" (batch 98)
# how one must be, words jieba tags nouns: after a pronoun or an adverb, 得 before them is "must" (你得小心 read de2:
# session 42; 他画得小心 keeps de5)
_MUST_BE = {"小心", "当心", "细心", "虚心", "用心", "客气", "礼貌"}
_VERB_MISTAGGED = {"藏",  # jieba tags it j (西藏): 藏得严严实实 is the verb (batch 120)
                   "换", "学", "学会", "画", "记", "等", "过", "用",  # tagged nz / n / u / ug / p: 你得换一个, 你得学会 are
                   "流",  # "must", 他画得 / 他等得 / 日子过得 the particle (session 42); jieba's 流得 (水才流得干净: batch 139)
                   "炸",  # tagged n: 炸得金黄 (batch 234)
                   "锈"}  # tagged n: 锁早就锈得打不开了 (batch 247)
# idioms that say how far a thing went, after 得 (the particle: 他过得一塌糊涂, 他布置得满头大汗: session 42)
_COMPLEMENT_IDIOMS = {"一塌糊涂", "满头大汗", "乱七八糟", "死去活来", "热火朝天", "一干二净", "面红耳赤", "目瞪口呆",
                      "心服口服", "服服帖帖", "淋漓尽致", "头头是道", "井井有条", "有声有色", "津津有味", "七零八落"}
_PRONOUN_MISTAGGED = {"大家", "大伙", "人家"}  # tagged n: 大家得冷静 is "must" as after 你 (session 42)
# nouns for people and for a matter, which 得 "must" follows as it follows a pronoun (孩子得冷静, 这件事得小心: the
# construction probe, session 43), where a verb jieba tags a noun keeps the particle (他布置得小心)
_SUBJECTS_ENDING = ("孩子", "事", "人", "学生", "们", "老师", "医生", "家长", "同学", "朋友", "病人", "司机")
_NOUN_MISTAGGED = {"车"}  # jieba tags it zg: 车得绕行 is the noun, the subject (batch 97)
_LATER = {"以后", "之后", "然后", "以前", "之前", "往后", "今后", "从此"}  # time words jieba tags f or c
_SPANS = ("天", "周", "星期", "个月", "年", "阵子", "阵")  # (这几天得卧床: a span before 得)
_COOKED = {"红烧", "清蒸", "清炖", "油炸", "凉拌", "爆炒", "生吃", "热吃", "趁热吃", "白灼", "水煮", "干煸", "油焖", "慢炖"}
# adverbs after which 得 is dei3 "must" even before a degree word (你必须得很小心)
_MUST_BEFORE = {"必须", "一定", "肯定", "务必", "最好", "还是", "总是", "非得", "就是", "实在", "真的"}


def _phrase_pieces(word: str) -> list[tuple[int, int]]:
    """(start, end) of the multi-character phrases of pypinyin's dictionary found in `word` by backward
    maximum matching (the head of a Chinese compound is on the right: 洗头发 = 洗 + 头发)."""
    pieces, end = [], len(word)
    while end > 1:
        for start in range(0, end - 1):  # longest first
            if word[start:end] in PHRASES_DICT:
                pieces.append((start, end))
                end = start
                break
        else:
            end -= 1
    return pieces


def _pos_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (word -> tag), loaded on first use."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def _tag(tags: dict[str, str], word: str, *, last: bool) -> str:
    """The dictionary tag of a word; a word jieba made up (HMM) gets the tag of its last (or first) character."""
    return tags.get(word) or tags.get(word[-1] if last else word[0], "x")


# what 得 "gets" (他得|流感, 得|奖学金): illnesses by their ending, and what is won (_GAINED)
_GOT_THINGS = ("病", "症", "炎", "感", "癌", "瘤", "疮", "疹", "伤", "奖金", *sorted(w for w in _GAINED if len(w) > 1))


def _must_do(word: str, tag: str, tags: dict[str, str]) -> bool:
    """Whether a word after 得 "must" is what must be done or be (its tag `tag`): a verb, an adverb, a preposition, an
    idiom or an adjective, and what jieba tags otherwise (小心 a noun, 换 nz, 排队 a noun, 自己 / 在家 / 等 before the
    verb: session 42)."""
    return (tag.startswith(("v", "d", "p", "l", "i", "a")) or word in _MUST_BE or word in _VERB_MISTAGGED
            or word in {"自己", "在家", "等", "等等", "亲自"} or _verb_and_object(word, tags))


def _verb_and_object(word: str, tags: dict[str, str]) -> bool:
    """Whether a word jieba tags a noun is a verb with its object (排队, 交钱, 讲道理, 动手术), an adverb with its verb
    (认真学习) or an adjective with 点 (小点声) rather than a thing (癌症, 奖学金, 流感: an illness or a prize is what 得
    "gets")."""
    if len(word) < 2 or not tags.get(word, "n").startswith("n") or word.endswith(_GOT_THINGS):
        return False
    return (tags.get(word[0], "x").startswith("v") or word[0] in _VERB_MISTAGGED or tags.get(word[:2], "x").startswith(("v", "ad", "d")) or (
        tags.get(word[0], "x").startswith("a") and word[1] in "点些"))


# things to do that jieba tags nouns, after a clause-opening 得 "must" (得|回家: batch 208)
_ERRANDS = frozenset({"回家", "上班", "下班", "睡觉", "起床", "吃饭", "洗澡", "出门", "上学", "放学", "回去", "加班", "做饭",
                      "搬家", "看病", "开会"})
# adverbs of manner that stand between "must" and its verb (还得|另外|加钱: batch 187)
_HOW_IT_MUST_BE_DONE = frozenset({"另外", "额外", "重新", "单独", "亲自", "专门", "提前", "马上", "赶紧", "赶快", "尽快",
                                  "及时", "继续", "一直", "再次", "另"})


def _free_de_reading(prev: str | None, nxt: str | None, tags: dict[str, str], *, verb_later: bool = False) -> str | None:
    """The reading of a free-standing 得 from the words around it (None at a pause or an end):

    - dei3 "must": after a pronoun, an adverb or a time word, before a verb, an adverb or a preposition
      (我得走了, 你得先吃饭, 必须得去, 你得把作业写完), or closing the phrase after an adverb (必须得。);
    - de5, the structural particle: after a verb or an adjective (写得很好, 高兴得跳了起来), or before 很
      (热得很, whatever tag jieba gives 热);
    - dei3 after a noun, its subject, before a verb, an adverb or a preposition (公司得交税, 病人得按时吃药, 这道题得用),
      or before a number where a verb follows in the clause (这件事得三个人做);
    - None (keep pypinyin's de2, "obtain") before 了/过/着 or a number (得了金牌, 考试得了一百分, 得第一),
      and wherever the neighbours say nothing clear.
    `verb_later`: whether a verb follows the word after 得 in its clause."""
    if nxt in _GAINED:  # what is won or got: "obtain" (这道题|得|满分: batch 109; jieba tags 满分 d)
        return None
    if prev == "可" and nxt is None:  # "obtainable" closing its clause (随处可得: session 42; it read de5)
        return None
    next_tag = ("d" if nxt in _ADV_MISTAGGED else "v" if nxt in _VERB_MISTAGGED else _tag(tags, nxt, last=False) if nxt
                else "")
    prev_tag = ("a" if prev in _ADJ_MISTAGGED else "n" if prev in _NOUN_MISTAGGED else "v" if prev in _VERB_MISTAGGED or (
                prev and len(prev) == 2 and prev[0] in _PRONOUNS and prev[1] in _VERB_MISTAGGED and prev not in tags)
                else "r" if prev in _PRONOUN_MISTAGGED
                # (jieba's v: 你可得小心; and its 事可, a word it made of the subject and 可: 这件事可得小心)
                else "d" if (prev == "可" or (prev and len(prev) == 2 and prev[1] == "可" and prev not in tags)) and (
                    nxt is not None)
                else _tag(tags, prev, last=True) if prev else "")
    if nxt == "着" and prev_tag.startswith("v"):  # V得着 "can manage to" (睡得着, 猜得着: batch 67): the particle
        return "de5"
    # after 完, what must be done next (排练完得坐一个多小时的公交, 刷完得开窗通风, 做完得好好休息: jieba's HMM word 完得, batch
    # 252), not before a degree word, 不 or 了 (吃完得了)
    if prev == "完" and nxt is not None and nxt != "了" and nxt[0] not in "很太更非十特挺真越比极不":
        return "dei3"
    # (a number: jieba also tags 很少 / 很多 m, where 得 is the particle: 吃得很少)
    # (十几, 十块 are numbers, 十分 a degree word: batch 122)
    if nxt is not None and (nxt in _PARTICLES_AFTER_VERB or (next_tag.startswith("m") and (
            nxt[0] not in _DEGREE_START or (nxt[0] == "十" and not nxt.startswith("十分"))))):
        # (an adjective before a whole that the degree reaches, jieba's 整栋 / 整个 / 满屋 tagged m: the particle, 声音大|得|
        # 整栋楼都能听见, batch 154)
        if prev_tag.startswith("a") and nxt[0] in "整满全":
            return "de5"
        # (a verb before it and an amount of money or time: "it takes" (打车|得|一百多块|钱: batch 114)
        if next_tag.startswith("m") and prev_tag.startswith("v") and nxt.endswith(
                ("块", "元", "钱", "分钟", "小时", "天", "个月", "年", "周", "星期")):
            return "dei3"
        # (an amount before it too, "an amount takes an amount": 一百公里|得|十几|升油, batch 122)
        if next_tag.startswith("m") and prev is not None and prev_tag.startswith("m") and prev.endswith(
                ("公里", "米", "斤", "公斤", "个人", "人", "天", "年", "个月", "次", "份", "张")):
            return "dei3"
        # (还 / 至少 before it too: 我们还得三天才能到, batch 102)
        return "dei3" if next_tag.startswith("m") and (prev_tag.startswith("n") or prev in {"还", "至少", "起码", "最少"}) and (
            verb_later) else None
    # opening its clause before a verb, an adverb or a preposition: "must" (有点斜，得|垫一下; 得|加把劲了: batch 59)
    # (or a one-character verb jieba tags otherwise: 垫 zg)
    # (or an errand jieba tags a noun: 得|回家|赶紧洗个澡, batch 208)
    if prev is None and nxt is not None and (next_tag.startswith(("v", "d", "p")) or (
            len(nxt) == 1 and tags.get(nxt, "x").startswith(("v", "z"))) or nxt in _ERRANDS):
        return "dei3"
    # a verb jieba tags an adverb (相处|得|很好) before a degree word: the particle, not "must"
    if prev_tag.startswith("d") and prev is not None and len(prev) > 1 and prev not in _MUST_BEFORE and (
            nxt is not None and nxt[0] in _DEGREE_START):
        return "de5"
    if prev_tag.startswith(("r", "d", "t")) or prev in _LATER:  # (回来以后|得|省着点花: batch 97)
        if nxt is None:
            return "dei3" if prev_tag.startswith("d") else None
        # (or an adverb jieba glued to the verb or gave another tag: 你得|多喝水, 你得|好好学习)
        # (and before 很 alone, the degree of what must be: 你得很小心; 很多 and 很少 are words of their own: 他得很多钱)
        # (and a verb with its result that jieba tags a noun: 我得|缝上)
        # (and a fixed expression or an idiom, verb phrases mostly: 我们得|抓紧时间, 我们得|全力以赴: batch 37)
        # (and an adjective, what one must be: 你得|小心, 你还得|耐心, 大家都得|认真: session 42, they read de2)
        # (and a verb and its object that jieba tags a noun, 你得|排队, 你得|交钱, 你得|动手术, or 自己 / 在家 / 等 before
        # the verb: session 42; 他得|癌症, 得|奖学金 keep de2)
        # (and an adverb of how it must be done before the verb: 还得|另外|加钱, 还得|重新|排队, batch 187)
        return "dei3" if _must_do(nxt, next_tag, tags) or _reduplicated(nxt[:2]) or nxt in {"很", "有人"} or (
            nxt in _HOW_IT_MUST_BE_DONE and verb_later) or (
            nxt[0] in "先再早多快" and not next_tag.startswith("n")) or (
            len(nxt) == 2 and nxt[1] in _RESULTS and tags.get(nxt[0], "x").startswith("v")) else None
    # a person or a matter, the subject, before what must be done or be, as after a pronoun (孩子|得|冷静, 这件事|得|小心,
    # 孩子|得|多运动: the construction probe, session 43)
    if prev is not None and nxt is not None and prev.endswith(_SUBJECTS_ENDING) and prev_tag.startswith("n") and (
            _must_do(nxt, next_tag, tags) or nxt[0] in "先再早多快少"):
        return "dei3"
    # a reduplicated adjective or an idiom of how far it went: the particle, whatever jieba tags the word before (他布置|得|
    # 清清楚楚, with 布置 a noun: session 42)
    if prev is not None and nxt is not None and (next_tag.startswith("z") or nxt in _COMPLEMENT_IDIOMS):
        return "de5"
    # a verbal noun, the subject, before when, a verb following: "must" (比赛|得|明天|才能结束: jieba tags 比赛 vn)
    if prev_tag == "vn" and next_tag.startswith("t") and verb_later:
        return "dei3"
    # a noun, the subject, before 早 / 先 / 多 ... and a verb: "must" (这种病|得|早|发现: batch 100; jieba tags 早 a)
    if prev_tag.startswith("n") and nxt is not None and len(nxt) == 1 and nxt in "先再早多快" and verb_later:
        return "dei3"
    # (or a word jieba made of it and the verb: 孩子得|多喝水, 大家得|少吃点: session 42)
    if prev_tag.startswith("n") and nxt is not None and len(nxt) > 1 and nxt[0] in "先再早多快少" and _tag(
            tags, nxt, last=False).startswith(("l", "v")):
        return "dei3"
    # a noun, the subject, before 好好 and a verb: "must" (这屋子|得|好好|拾掇拾掇了: batch 93; 衣服洗|得|好好的 has a verb
    # before it)
    if prev_tag.startswith("n") and nxt in {"好好", "好好儿"} and verb_later:
        return "dei3"
    # (or before a degree word or an adjective, whatever jieba tags the word before: 热得很, 桃花开|得|正盛 with 桃花开 a
    # place, 唱|歌唱|得|特别好听 with 歌唱 a noun)
    if prev_tag.startswith(("v", "a", "b", "z")) or (prev and nxt and (nxt[0] in _DEGREE_START or next_tag.startswith("a"))):
        return "de5"
    # a state or feeling before what it drove someone to (他气|得|说不出话, 急得直哭, 吓得发抖, 他气|得|脸|都红了), whatever
    # jieba made of it
    if prev and nxt and prev[-1] in _DRIVEN and next_tag.startswith(("v", "d", "n", "r")):
        return "de5"
    # a span of days, the time it must last, before a verb (这几天|得|卧床休息: batch 95; jieba tags 几天 m)
    if prev is not None and prev_tag.startswith("m") and prev.endswith(_SPANS) and nxt is not None and (
            next_tag.startswith(("v", "d", "p")) or (len(nxt) == 2 and tags.get(nxt[0], "x").startswith("v"))):
        return "dei3"
    # a noun, the subject, before what it must do (公司|得|交税: jieba tags 交税 a noun; its 交 is a verb), or before
    # when, a verb following (这药|得|饭后|吃: batch 80), or how it must be cooked (这条鱼|得|红烧: batch 95)
    if prev_tag.startswith("n") and nxt and (next_tag.startswith(("v", "d", "p")) or nxt[0] in "先再早多快" or nxt in _COOKED or (
            len(nxt) == 2 and tags.get(nxt[0], "x").startswith("v")) or (next_tag.startswith("t") and verb_later)):
        return "dei3"
    return None


_OWN_DE = {"求得", "获得", "赢得", "取得", "换得", "博得", "落得", "懂得", "记得", "觉得", "晓得", "认得", "使得", "值得", "显得",
           "免得", "省得", "征得", "谋得", "讨得", "夺得", "挣得", "捧得", "摘得", "骗得", "录得", "习得", "可得", "难得"}


def _bound_de_reading(word: str, nxt: str | None, tags: dict[str, str]) -> str | None:
    """The reading of 得 inside a dictionary word of jieba's that pypinyin does not know: de5 in a verb + 得
    + complement word (跑得快, 看得见, 经得起); de5 in a verb or adjective + 得 word before a degree word
    (变得更加复杂, 洗得很干净); otherwise None (keep de2: 求得谅解, 个人所得税, 彼得堡)."""
    i = word.index("得")
    if i == len(word) - 1 and nxt and (nxt[0] in _DEGREE_START or nxt == "又" or (nxt[0] == "又" and "又" in nxt[1:])):
        # before a degree word whatever jieba tags the character before (飞得很稳: its 飞 is a noun), or before
        # 又 A 又 B (苹果结得|又|大|又|红: batch 147)
        return "de5"
    left_tag = "v" if word[i - 1] in _VERB_MISTAGGED else tags.get(word[i - 1], "x")
    if i == len(word) - 1 and nxt and nxt not in _PARTICLES_AFTER_VERB:
        next_tag = _tag(tags, nxt, last=False)
        if word[i - 1] in _DRIVEN and next_tag.startswith(("v", "l", "d", "i", "n", "r")):
            return "de5"  # 累得|站不起来, 笑得|合不拢嘴, 累得|大汗|直流, 气得|他|直跺脚: what the feeling drove to
        if left_tag.startswith("n") and (next_tag.startswith("d") or nxt in {"先", "再", "早", "多", "快"}):
            return "dei3"  # 他的|病得|赶紧|治: a noun, then "must" and an adverb of how soon (病得|早|发现: batch 100)
    if not left_tag.startswith(("v", "a")):
        return None
    # a verb's 得 before whom it drove to a state (风刮得|我|头疼, 吵得|他|睡不着: batch 135), not a word whose 得 is its
    # own (求得他的原谅, 获得他的支持)
    if i == len(word) - 1 and nxt in _PRONOUNS and word not in _OWN_DE and word not in PHRASES_DICT:
        return "de5"
    if left_tag.startswith("a") and i == len(word) - 1 and nxt and nxt not in _PARTICLES_AFTER_VERB:
        return "de5"  # an adjective's 得 before how far it goes (胡同|窄得|只能过一辆车: batch 114)
    if i == 1 and i < len(word) - 1:  # (or an adverb after it: jieba's 修得真|好, session 42)
        return "de5" if _tag(tags, word, last=True).startswith(("v", "a", "l", "d")) else None
    if i == len(word) - 1 and nxt and nxt not in _PARTICLES_AFTER_VERB:
        # (or a state word, a reduplicated adjective: 藏得|严严实实, batch 120; 老 "very": 排得|老长)
        if nxt[0] in _DEGREE_START or _tag(tags, nxt, last=False).startswith(("d", "a", "zg", "z")) or _reduplicated(nxt[:2]) or (
                nxt in _LAO_VERY) or (
                nxt in _MUST_BE or nxt in _COMPLEMENT_IDIOMS):  # (开得|小心, 修得|一塌糊涂: session 42)
            return "de5"
    return None


# Characters pypinyin reads one way when they stand alone, whatever they mean there (还 hai2, 重 zhong4, 教 jiao4,
# 数 shu4, 干 gan4, 调 diao4): a free-standing one (a jieba word of its own, or the first character of a jieba word
# that pypinyin's dictionary does not know: 重写, 调低, 数一下, 教教) gets the reading its neighbours point to.
# Written from the verbs' and adjectives' grammar with bench/data/polyphones_free.tsv as the development set, and
# scored on bench/data/polyphones_free_batch2.tsv, written before them (docs/benchmarks.md, "Polyphones").
_DEGREE = {"很", "太", "有点", "有些", "挺", "非常", "比较", "特别", "真", "好", "这么", "那么", "更", "最", "越来越",
           "十分", "相当", "极", "多么", "不太", "太过", "够"}
_PRONOUNS = {"我", "你", "您", "他", "她", "它", "我们", "你们", "他们", "她们", "咱们", "人家", "大家"}
_DONE_DRYING = {"已经", "都", "快", "没", "还没", "晒", "晾", "吹", "烤", "风", "熬", "烧", "煮",  # (熬干了: batch 81)
                "喝", "擦", "吸", "烘", "榨", "流", "哭", "舔", "抽"}  # (喝干了, 流干了: batch 64)
_WET_THINGS = {"衣服", "头发", "油漆", "漆", "墨", "地", "地面", "墙", "鞋", "袜子", "被子", "毛巾", "床单", "裤子", "水泥"}
_SAID_OF_AMOUNT = {"已经", "很", "太", "达", "达到", "超过", "突破", "增加", "增长", "下降", "减少", "不足", "不大", "不小",
                   "大", "小", "高", "低", "猛增", "暴增", "翻了", "翻番", "也", "都", "就", "还", "比"}
_DRIED_UP = {"露水", "水", "汗", "汗水", "眼泪", "泪", "河", "河水", "井", "池塘", "墨水", "雨水", "水坑", "湖", "泥", "土地",
             "土", "泥土", "田", "田地", "水塘", "嘴唇", "嗓子", "喉咙"}
# what 调 tiao2 mixes (batch 64; 辣椒油: batch 105)
_MIXED = ("酒", "饮料", "颜色", "颜料", "酱", "汁", "蜜", "咖啡", "奶茶", "料", "馅", "油", "醋", "盐", "糖")
_SHU_NOUN_BEFORE = {"这", "那", "哪", "某", "此", "该", "位", "整", "单", "双", "奇", "偶", "小", "大", "总", "倍", "分"}
_SHU_VERB_AFTER = {"一", "一下", "一数", "了", "过", "着", "不", "得", "到", "完", "清", "数", "好"}


def _free_reading(ch: str, prev: str | None, nxt: str | None, nxt2: str | None, tags: dict[str, str],
                  clause: tuple[list[str], list[str]] = ([], [])) -> str | None:
    """The reading of a free-standing 还 / 重 / 教 / 数 / 干 / 调 from the words around it (None: keep pypinyin's).

    - 还 huan2 "give back" before a person and a thing (还你钱, 还我书) or closing its clause (按时还。); else the
      adverb hai2;
    - 重 chong2 "again" before a verb (重写, 重来, 重说), unless after a degree word; else zhong4 "heavy";
    - 教 jiao1 "teach" (jiao4 lives in words: 教育, 宗教, 请教), except after 信 / 什么 (信什么教);
    - 数 shu4 "number" after a classifier or a determiner (这个数, 一个数), else the verb shu3 "count" before what
      counting takes (数一下, 数了三遍, 数不清) or after 一 (数一数);
    - 干 gan1 "dry" after a degree word (很干, 有点干) or as drying done (已经干了。); else gan4 "do";
    - 调 tiao2 "adjust" before a direction or result (调大, 调低, 调好, 调一下) or 到 + a number (调到二十度);
      else diao4 "transfer, tune";
    - 量 liang2 "measure", 削 xiao1 "peel", 冲 chong4 "towards", 系 ji4 "tie", 扎 za1 "bind", 应 ying4 "answer",
      处 chu3 "get along" (below); 弹 tan2 "play" (session 32);
    - session 31 (written from batch 9's misses, held out on batch 10, bench/data/): 看 kan1 "mind", 倒 dao3 "fall", 假 jia4 "leave",
      盛 cheng2 "ladle", 扇 shan1 "slap, fan", 结 jie1 "bear (fruit)", 差 chai1 "send on an errand", from `clause`
      (the words before and after this one in its clause) where the next word is not enough."""
    prev_tag = _tag(tags, prev, last=True) if prev else ""
    next_tag = _tag(tags, nxt, last=False) if nxt else ""
    if ch == "散":  # san3 "come loose" after a thing tied or bound (鞋带散了); else pypinyin's san4 "disperse"
        # (散着: 69; the thing with an adverb between, 头发一下子散了: 76)
        loose = prev in _LOOSE or (prev in _LOOSE_ADVERBS and any(w in _LOOSE for w in clause[0]))
        return "san3" if loose and (nxt is None or nxt in {"了", "开", "掉", "着"}) else None
    if ch == "弹":  # tan2 "play, flick, bounce", the verb, standing alone (他弹了一首, 在弹吉他); dan4 lives in words
        return None if prev and prev[-1] in "颗发枚粒" else "tan2"  # (子弹, 炸弹; 一颗弹: the shell)
    if ch == "还":
        if nxt in _REPAY:
            return "huan2"
        # after "must" before an amount: the verb (房贷就得还六千: batch 102; the adverb comes before 得: 还得六千)
        if prev in {"得", "要", "该", "必须", "需要", "应该", "得要"} and nxt is not None and (
                _tag(tags, nxt, last=False).startswith("m") or nxt[0] in "一二两三四五六七八九十百千万几0123456789"):
            return "huan2"
        if nxt == "了":  # the adverb never takes 了: 把钱还了, 还了我五十块钱 (but 还了得, "how terrible")
            return None if nxt2 == "得" else "huan2"
        if nxt is None:
            return "huan2" if prev is not None and prev not in _DEGREE else None
        # the verb after "on time" (按时还回去) or of a 把 clause, no verb between (把书还回去: the adverb comes before
        # 把, 我还把书放下; 把作业写完了还去玩 keeps hai2): batch 52
        # (a verb of a 的 phrase is the object's: 把借来的书还回去)
        before = clause[0]
        ba = max((i for i, w in enumerate(before) if w == "把"), default=None)  # the last 把 of the clause before it
        obj = [] if ba is None else before[ba + 1 :]
        verb_between = any(_tag(tags, w, last=False).startswith("v") and obj[k + 1 : k + 2] != ["的"]
                           for k, w in enumerate(obj))
        # (right after 把 before a modal it is the adverb, the object still to come: 把还能穿的旧衣服捐了, batch 247; 把还回来的书
        # keeps huan2)
        if prev in _ON_TIME or (ba is not None and not verb_between and (obj or nxt not in _STILL_BEFORE)):
            return "huan2"
        if nxt in _PRONOUNS and (nxt2 is None or not _tag(tags, nxt2, last=False).startswith(("v", "a", "d", "p", "c", "u"))):
            return "huan2"
        return None
    if ch == "重":
        if prev in _DEGREE or nxt is None:
            return None
        if nxt == "又":  # 重又 "once again" (他重又拿起了笔: batch 59)
            return "chong2"
        return "chong2" if next_tag.startswith("v") and nxt not in {"了", "过", "着", "是", "有", "达"} else None
    if ch == "教":
        return None if prev in {"信", "什么"} else "jiao1"
    if ch == "数":
        if prev is not None and (prev[-1] in "个的" or prev in _SHU_NOUN_BEFORE or prev_tag.startswith("m") and prev != "一"):
            return "shu4"
        if prev == "一" or (nxt is not None and (nxt in _SHU_VERB_AFTER or nxt[0] in "一了过着不得到完清")):
            return "shu3"
        if nxt is not None and len(nxt) >= 2 and next_tag.startswith("n") and nxt[0] not in "十百千万亿几":
            return "shu3"  # counting a thing named after it (隔着玻璃数企鹅: batch 214; 数十人, 数人 keep shu4 "several")
        return "shu3" if prev_tag.startswith(("r", "d")) else None
    if ch == "干":
        if prev in _DEGREE:
            return "gan1"
        if prev in {"没", "还没", "没有", "还没有"} and nxt in {None, "呢"} and any(w in _WET_THINGS for w in clause[0]):
            return "gan1"  # 衣服还没干 (batch 72; 这活还没干 keeps gan4)
        if prev is not None and prev[-1] == "是" and nxt == "的" and nxt2 in {None, "还是"}:  # 这块布是干的 (batch 60)
            return "gan1"
        if nxt == "了" and nxt2 is None and any(w in _WET_THINGS or w in _DRIED_UP for w in clause[0]):
            return "gan1"  # 露水就干了, 河都干了 (batch 99; 这活就干了 keeps gan4)
        return "gan1" if prev in _DONE_DRYING and nxt == "了" and nxt2 is None else None
    if ch == "调":
        if nxt is not None and (nxt[0] in "大小高低好快慢亮暗准匀松紧" or nxt in {"一下", "一调", "成"}):  # (调松: 180)
            return "tiao2"
        if nxt in {"了", "一杯", "一碗", "好了"} and any(w.endswith(_MIXED) for w in clause[1]):  # 调了一杯鸡尾酒 (batch 64)
            return "tiao2"
        if nxt == "了" and nxt2 == "一下":  # 调了一下座椅 (batch 71)
            return "tiao2"
        return "tiao2" if nxt == "到" and nxt2 is not None and _tag(tags, nxt2, last=False).startswith("m") else None
    if ch == "量":  # liang2 "measure" before what is measured, unless a quantity (这个量, 的量): liang4
        if nxt is None or (prev is not None and (prev[-1] in "个的这那" or prev_tag.startswith("m"))):
            return None
        # a quantity, the subject, before what is said of it (播放|量|已经|过了一百万: batch 101)
        return None if nxt in _SAID_OF_AMOUNT else "liang2"
    if ch == "削":  # xiao1 "peel, sharpen" (xue1 lives in words: 削弱, 剥削), but xue1 "strip" of an office (被削了职:
        # batch 66)
        return "xue1" if any(w in {"职", "职务", "官职", "爵位", "兵权", "官"} for w in clause[1][:3]) else "xiao1"
    if ch == "冲":  # chong4 "towards" before a person (冲我笑, 冲着门口), "strong" after a degree word (味道很冲: batch
        # 61); else chong1 "rush"
        return "chong4" if nxt in _PRONOUNS or nxt == "着" or prev in _DEGREE else None
    # batch 61: 和 the verb: hu2 "win" (at cards) before 了, huo2 "knead" before 了 and its dough or in a 把 clause with it,
    # huo4 "mix" in a 把 clause before 在一起 / 好 / 匀; elsewhere he2 "and"
    if ch == "和":
        before, after = clause
        dough = any(w.endswith(("面", "泥", "馅")) for w in before + after)
        if nxt == "了" and any(w.endswith(("牌", "麻将")) for w in before):
            return "hu2"
        if nxt == "了" and any(w.endswith(("面", "泥", "馅", "粉")) for w in after):  # (和了一大盆糯米粉: 207)
            return "huo2"
        ba = any(w == "把" or (len(w) == 2 and w[0] == "把" and w not in PHRASES_DICT) for w in before)  # (把面|和)
        # (在一起, or 在 a liquid's inside: 把药粉和在水里, batch 74)
        if ba and (nxt in {"好", "匀"} or (nxt == "在" and (nxt2 == "一起" or (nxt2 or "").endswith(("水里", "汤里", "酒里"))))):
            return "huo2" if dough else "huo4"
        # opening its clause before 在 it joins nothing: the verb (研碎了，和在粥里: batch 95)
        if not before and nxt == "在" and nxt2 is not None:
            return "huo2" if dough else "huo4"
        return None
    if ch == "难":  # nan4 "disaster" suffered (遭了难, 逃难); else nan2 "hard"
        return "nan4" if prev in _SUFFERED or (prev == "了" and any(w in _SUFFERED for w in clause[0])) else None
    if ch == "乐":  # yue4 "music" after its kind (古典乐, 流行乐); else le4 "happy"
        return "yue4" if prev in _MUSIC_KINDS else None
    if ch == "系":  # ji4 "tie, fasten" before its result or what is tied (系好, 系上, 系鞋带); else xi4
        # (and before 了 / 着 with what is tied later in its clause: 她系了条围巾, batch 74)
        # (or 不 and its result with what is tied after it: 系不好鞋带, batch 162; 这个系不好考 keeps xi4)
        return "ji4" if nxt is not None and (nxt[0] in "好上紧住" or nxt in _TIED or (
            nxt in {"了", "着"} and any(w in _TIED or w.endswith("环") for w in clause[1])) or (
            len(nxt) > 1 and nxt[0] == "不" and nxt[1] in "好上紧住" and any(w in _TIED for w in clause[1]))) else None
    if ch == "扎":  # za1 "tie up, bind" before its result (扎成马尾, 扎起来, 扎好) or with hair to tie later in its
        # clause (扎了一个辫子, 扎着马尾: batch 36); else zha1 "prick" (扎了一针)
        # (or with hair before it, 了 between: 她把头发扎了起来, batch 96)
        return "za1" if nxt is not None and (nxt[0] in "成好紧" or nxt in {"起来", "起", "上"} or any(
            w in _HAIR_TIED for w in clause[1]) or (nxt == "了" and any(w in _HAIR_TIED for w in clause[0]))) else None
    if ch == "应":  # ying4 "answer" closing its clause or before 了 / 一声 / 着 (他没应, 应了一声)
        return "ying4" if nxt is None or nxt in {"了", "一声", "着", "过", "下", "下来", "下了"} else None  # (应下: 67)
    if ch == "处":  # chu3 "get along, deal with" before 得 / 不来 / 好 (处得不错); else chu4 "place"
        if nxt in {"了", "过"} and any(w == "对象" or w.endswith(("年", "个月")) for w in clause[1][:3]):
            return "chu3"  # getting along for a time, dating (他们俩处了三年对象: batch 70)
        return "chu3" if nxt is not None and (nxt[0] == "得" or nxt in {"不来", "好", "不好", "理"}) else None
    before, after = clause
    if ch == "看":  # kan1 "look after" before who or what is minded (看孩子, 看家, 看门), or for a time before it (看了一夜
        # 的门: batch 62; 看了一眼门 keeps kan4); else kan4
        if nxt in {"了", "过"} and any(w in _MINDED for w in after) and any(
                w.endswith(("夜", "天", "年", "宿", "晚上", "整晚", "下午", "上午")) for w in after):
            return "kan1"
        # 看一下孩子 closing its clause (batch 110; 看一下孩子醒了没有 checks: kan4)
        if nxt in {"一下", "一会儿", "一会", "会儿"} and nxt2 in _MINDED and len(after) == 2:
            return "kan1"
        return "kan1" if nxt in _MINDED else None
    # batch 62: 相 xiang4 "photograph" after 张 / 个 or in a clause of taking one (照了一张相); 发 fa4 "hair" after 个 in a
    # clause of cutting it (他理|了|个|发); 觉 jiao4 "sleep" as a noun (他的觉一直睡不好), jue2 "feel" before 着
    if ch == "相":
        return "xiang4" if prev is not None and (prev[-1] in "张个" and any(w.endswith(("照", "拍")) for w in before)) else None
    if ch == "发":
        return "fa4" if prev == "个" and any(w.endswith(("理", "剪", "洗", "烫", "染")) for w in before) else None
    if ch == "觉":
        if nxt == "着":
            return None
        return "jiao4" if prev in {"的", "个", "场", "好"} or any("睡" in w for w in after) else None
    if ch == "倒":  # dao3 "fall" before 在 / 下 or closing its clause (树倒了, 倒在地上), unless 把 X 倒了 (pour
        # out); else pypinyin's dao4 "pour, reverse" (倒了一杯茶, 倒进车库)
        if "把" in before:
            return None
        return "dao3" if nxt in {"在", "下", "下来", "下去"} or (nxt == "了" and nxt2 is None) else None
    if ch == "假":  # jia4 "time off" after a length of time (两天假, 三天的假); else jia3 "false"
        span = before[-2] if prev == "的" and len(before) >= 2 else prev
        return "jia4" if span is not None and (span[-1] in "天周" or span.endswith("个月")) else None
    if ch == "盛":  # cheng2 "ladle, hold" before what is served or 了 (盛饭, 盛了一碗, 盛满, 盛好: batch 58); else sheng4
        if nxt == "着":  # holding: 碗里盛着汤 (before what is held)
            return "cheng2" if nxt2 is not None and (nxt2 in _LADLED or _tag(tags, nxt2, last=False).startswith("n")) else None
        return "cheng2" if nxt is not None and (nxt in _LADLED or nxt[0] in "碗勺盘杯到进出") else None
    if ch == "扇":  # shan1 "slap, fan" before whom or 了 (扇了他, 扇风); a classifier after a number is shan4 (一扇门)
        if prev is not None and (prev[-1] in "一两几每这那哪" or prev_tag.startswith(("m", "q"))):
            return None
        # (or closing its clause, not after a number: 一边走一边扇, batch 108)
        return "shan1" if nxt is None or nxt in _PRONOUNS or nxt in {"了", "着", "自己", "耳光", "一巴掌", "巴掌", "风"} else None
    if ch == "结":  # jie1 "bear" with fruit or seed later in the clause (结了很多果子), or earlier before 得 (番茄今年结得
        #特别多: batch 129); else jie2 "tie, settle"
        fruit_before = nxt == "得" and any(w.endswith(_FRUIT) for w in clause[0])
        return "jie1" if fruit_before or any(w.endswith(_FRUIT) for w in after) else None
    if ch == "差":  # chai1 "send" before a person and 去 / 来 (差他去北京); else cha4 "short of"
        if prev == "被" and nxt in {"去", "来", "到"}:  # 他被差去送信 (batch 60)
            return "chai1"
        return "chai1" if (nxt in _PRONOUNS or nxt == "人") and nxt2 in {"去", "来", "到"} else None
    # session 33 (written from batch 18's misses):
    numbered = prev is not None and (prev[-1] in "一两几半每这那" or prev_tag.startswith(("m", "q")))
    if ch == "缝":  # feng2 "sew" before its result or an aspect (缝上, 缝好, 缝了一针); after a number or a classifier
        # it is the noun feng4 "seam, crack" (一道缝), as pypinyin reads it alone
        if numbered or nxt is None:
            return None
        # (缝完针, 缝完扣子: batch 149)
        return "feng2" if nxt[0] in "上好补起紧完" or nxt in {"了", "着", "过", "一下", "一针", "几针"} else None
    if ch == "剥":  # bao1 "peel", the everyday verb, standing alone (剥了, 剥橘子); bo1 lives in words (剥削, 剥夺)
        return "bao1"
    if ch == "担":  # dan4, a shoulder-pole load, after a number (两担水); else pypinyin's dan1 "carry, shoulder"
        return "dan4" if numbered and prev not in {"这", "那"} else None
    if ch == "露":  # lou4 "show" before what is shown, as in pypinyin's 露一手 / 露脸 / 露馅 (露了一手, 露了个脸)
        return "lou4" if any(w in _SHOWN for w in after[:3]) else None
    if ch == "折":  # she2 "lose (money)" before 本 (折了本), zhe1 "turn over" before 跟头 (折了个跟头), as pypinyin
        # reads 折本 and 折跟头 whole; else zhe2 "fold, break off"
        if any(w in {"本", "本钱", "老本"} or w.endswith(("钱", "元", "块钱", "万块")) for w in after[:3]):
            return "she2"  # (折了不少钱: batch 67)
        return "zhe1" if any(w in {"跟头", "跟斗", "筋斗"} for w in after[:4]) else None
    # batches 19 and 22 (挣, 切; 嚼):
    if ch == "挣":  # zheng4 "earn, break free", the verb standing alone (挣了不少钱); zheng1 lives in 挣扎
        return "zheng4"
    if ch == "切":  # qie1 "cut, slice" standing alone (切了几片, 切成小块); before 不 / 勿 / 莫 / 忌 the adverb qie4
        # "by all means" (切不可); qie4 also lives in words (一切, 亲切, 切记)
        return None if nxt is not None and nxt[0] in "不勿莫忌" else "qie1"
    if ch == "嚼":  # jiao2 "chew", the everyday verb standing alone (嚼起来, 嚼着口香糖); jue2 lives in 咀嚼
        return "jiao2"
    # batch 23's misses:
    if ch == "炸":  # zha2 "deep-fry" with oil or a fried food in its clause (油锅里炸了炸, 炸鸡腿: batch 89), or before
        # 得 and how crisp or golden (炸得金黄, 炸得很脆: batch 234); else pypinyin's zha4 "explode" (气得肺都要炸了, 炸了一座桥,
        # 炸得粉碎)
        before, after = clause
        fried = any(w.startswith("油") or w.endswith(_FRIED) for w in before + after)
        return "zha2" if fried or (nxt == "得" and any(w.endswith(("脆", "酥", "金黄", "焦黄", "焦")) or w == "外焦里嫩"
                                                       for w in after)) else None
    if ch == "晃":  # huang4 "sway, shake" before 得 / 了 / 着 ... (车开得太快，晃得我头晕: batch 97); huang3 "dazzle,
        # flash past" with eyes after it or after 一 (晃得人眼睛疼, 一晃十年: pypinyin's reading alone)
        eyes = any(w.startswith("眼") or w in {"眼睛", "刺眼", "睁不开"} for w in clause[1])
        if nxt is None and prev not in {"一", "太", "好", "真", "很", "多", "这么", "那么", "特别", "非常"}:
            return "huang4"  # closing its clause, a thing that sways (跟着音乐的节奏晃, 一碰就晃: batch 159); 阳光太晃 is glare
        return "huang4" if (nxt in {"得", "了", "着", "动", "一下", "几下", "过来", "过去"} or prev == "了") and prev != "一" and (
            not eyes) else None  # (晃了晃脑袋: the second too)
    if ch == "撒":  # sa3 "scatter, sprinkle" before where it lands or how much (撒在地里, 撒点盐); sa1 lives in 撒谎, 撒娇
        if nxt is None:
            return None
        amounts = {"点", "些", "一把", "一层", "一地", "一些", "一点", "一桌子", "满地", "一身"}
        if nxt == "了" and (nxt2 in amounts or nxt2 in {"一大", "一小"}):  # 撒了一把葱花 (batch 85), 撒了一大把 (282); 撒了个谎 sa1
            return "sa3"
        return "sa3" if nxt[0] in "在到上进满" or nxt in amounts else None
    if ch == "囤":  # tun2 "hoard, store", the verb standing alone (囤在仓库里, 囤了很多); the bin is dun4 (粮囤)
        return "tun2"
    if ch == "倔":  # jue4 "gruff, blunt" standing alone (脾气很倔); jue2 lives in 倔强
        return "jue4"
    if ch == "尽":  # jin4 "exhaust, do one's utmost" before 了 / 力 / 心 / 到 (尽了最大的努力); jin3 lives in 尽管, 尽量
        if nxt == "着":  # jin3 "give priority to" (他尽着别人先吃: batch 66)
            return "jin3"
        return "jin4" if nxt in {"了", "力", "心", "到", "责", "职", "孝", "全力"} else None
    if ch == "扒":  # pa2 "pick (a pocket)" where a thief or a wallet is in the clause (小偷扒了他的钱包); else ba1
        # "peel, strip, cling" (扒了一个橘子, 扒着窗户)
        return "pa2" if any(w in {"小偷", "贼", "扒手"} for w in before) or any(
            w in {"钱包", "口袋", "腰包", "兜"} for w in after) else None
    # batch 24's misses:
    if ch == "吐":  # tu4 "vomit" where it lands (吐了一地, 吐了一身) or after drink or sickness in its clause (喝醉了就吐,
        # 晕车吐了); else pypinyin's tu3 "spit out" (吐了一口痰, 把口香糖吐了)
        sick = any(("醉" in w or "晕" in w or w in {"恶心", "难受", "反胃"}) for w in before)
        # (or closing its clause with 了, nothing spat out and no 把: 他一进门就吐了, batch 124; 把口香糖吐了 keeps tu3)
        closing = nxt == "了" and nxt2 is None and "把" not in before
        return "tu4" if sick or closing or any(w in {"一地", "一身", "满地", "满身", "一床"} for w in after[:3]) else None
    if ch == "钉":  # ding4 "nail, pin" the verb, before where or its result (钉在墙上, 钉进木板, 钉牢); the nail is ding1
        if numbered or nxt is None:
            return None
        # (or before 得 and how it was done: 钉得太浅, 钉得很牢: batch 139; 这颗钉得换了 keeps the nail)
        done = nxt == "得" and nxt2 is not None and nxt2[0] in _NAILED_HOW
        # (or its result 结实 / 紧: 师傅顺手给钉结实了, batch 293)
        return "ding4" if nxt[0] in "在进上住牢好到死紧" or nxt in {"了", "着", "一下", "结实"} or done else None
    if ch == "圈":  # juan4 a pen for animals after one (牛|圈里), juan1 "pen in" before 起来 / 住 there (把羊|圈起来);
        # else pypinyin's quan1 "circle" (画了一个圈, 把错字圈起来)
        if prev is None or prev[-1] not in _PENNED:
            return None
        return "juan1" if nxt is not None and (nxt in {"起来", "起", "住", "在", "进"}) else "juan4"
    # batch 25's misses:
    if ch == "熬":  # ao1 "stew (vegetables)" before the dish (熬白菜, 熬豆腐); else ao2 "boil down; endure" (熬粥, 熬夜)
        return "ao1" if nxt in {"白菜", "豆腐", "冬瓜", "萝卜", "菜", "茄子"} else None
    if ch == "混":  # hun2 "muddy; foolish" after a degree word (水太混了); else hun4 "mix, muddle along" (混在人群里)
        return "hun2" if prev in _DEGREE else None
    # batch 26's misses:
    if ch == "挨":  # ai2 "suffer, endure" before 了 or what is suffered (挨了一顿打, 挨骂, 挨饿); else ai1 "next to" (挨着)
        return "ai2" if nxt in {"了", "过", "打", "骂", "揍", "饿", "冻", "批", "批评", "罚", "训", "耳光", "巴掌"} else None
    # batch 30's misses:
    if ch == "粘":  # nian2 "sticky" after a degree word (这种米很粘, 太粘了); else zhan1 "stick, glue" (粘在信封上)
        return "nian2" if prev in _DEGREE else None
    # batch 28's misses:
    if ch == "划":  # hua2 "scratch, cut" before its result or a cut in the clause (划破了手, 划了一道口子); else hua4
        # "draw (a line), mark off" as pypinyin reads it alone (划了一条线)
        cut = any(w in {"口子", "伤口", "口", "血口子", "伤痕", "划痕", "痕"} or w.endswith("刀") for w in after[:4])  # (划了几刀)
        rowed = nxt is not None and nxt.endswith(_ROWED)  # rowing, striking a match (划船, 划火柴: batch 66)
        # (the boat later in the clause, or on the water: 在湖里划了一下午的船, batch 115)
        rowed = rowed or any(w.endswith(_ROWED) for w in after[:5]) or any(
            w.endswith(("湖里", "河里", "水里", "江里", "海里", "湖上", "河上", "江上")) for w in before)
        return "hua2" if cut or rowed or nxt in {"破", "伤", "开", "破了", "伤了"} else None
    # batch 69: 抹 mo4 "plaster" with a wall or cement in the clause (把墙抹平了); 屏 bing3 "hold (one's breath)" before
    # 着 / 住 / 气 (他屏着气); 闷 men1 "stuffy" in a room or the weather (屋里闷得慌), men4 "bored, low" elsewhere
    if ch == "抹":
        return "mo4" if any(w in {"墙", "墙面", "墙壁", "水泥", "泥", "石灰", "腻子"} for w in before + after) else None
    if ch == "屏":
        return "bing3" if nxt in {"着", "住", "气", "息", "了"} else None
    if ch == "闷":
        return "men1" if any(w.endswith(("里", "屋", "房间", "车厢", "天气", "空气")) and w not in {"心里", "肚子里"}
                              for w in before) else None  # (心里很闷 keeps men4)
    if ch == "晕":  # yun4 "motion-sick" in a clause of riding (一坐船就晕: batch 66); else yun1 "faint, dizzy"
        return "yun4" if any(w.startswith(("坐", "乘")) or w in {"车", "船", "飞机", "电梯"} for w in before) else None
    if ch == "强":  # jiang4 "stubborn" after a degree word with a temper before it (脾气很强: batch 66); else qiang2
        return "jiang4" if prev in _DEGREE and any(w in _TEMPER for w in before) else None
    if ch == "咳":  # hai1, the interjection, a clause of its own (咳，你怎么又来了); else ke2 "cough"
        return "hai1" if prev is None and nxt is None and not before and not after else None
    # batch 21's misses:
    if ch == "奔":  # ben4 "head for" toward a place or a direction (往前奔去, 直奔机场); else ben1 "run" (奔跑 in words)
        toward = any(w in {"往", "朝", "向", "直", "往前", "向前", "朝前"} for w in before)
        return "ben4" if toward or nxt in {"去", "来", "向", "往"} else None
    if ch == "横":  # heng4 "rude, harsh" after a degree word (说话很横); else heng2 "horizontal"
        return "heng4" if prev in _DEGREE else None
    if ch == "卡":  # qia3 "get stuck" before where or 住 (卡在喉咙里, 卡住了); else ka3 "card; lag"
        if numbered or (prev is not None and (prev[-1] in "的张" or prev_tag.startswith("n") and prev.endswith(("银行", "信用")))):
            return None  # the card itself: 我的卡在哪里, 这张卡
        return "qia3" if nxt is not None and (nxt[0] in "在住") else None
    if ch == "铺":  # pu1 "spread, lay" before where or its result (铺在床上, 铺好, 铺满); a shop or a bed is pu4
        if numbered or nxt is None:
            return None
        return "pu1" if (nxt[0] in "在上好开满平成" or nxt in {"了", "着", "一层", "得"}  # (铺得平平整整: 110)
                         or nxt.endswith(_LAID)) else None
    return None


# A jieba word that starts with one of them is read by the same rules only when the rest of it is one of these
# (pypinyin's dictionary lacks 重写, 调低, 数一下; words it lacks because its default is right, 重视, 教室, 数学,
# are left alone).
_ON_TIME = {"按时", "按期", "如期", "准时", "及时", "如数"}  # (还 after them: pay back, hand back)
_REPAY = {"款", "贷", "债", "本", "本息", "房贷", "车贷", "贷款"}  # 还款, 还贷, 还房贷 (batch 231): pay back
# verbs whose 着 can be the result "reached, got" (zhao2) when the clause ends in 了: 找着钥匙了, 买着票了, 碰着他了
_FOUND = {"找", "买", "借", "碰", "遇", "抓", "逮", "捞", "够", "猜", "摸", "见"}
_XUE1_WORDS = {"削弱", "削减", "削价", "削发", "削壁", "削职", "削平", "削足适履"}  # 削 xue1 (literary) starts these
# Words pypinyin's dictionary reads wrong, as jieba words (CC-CEDICT's readings): its 还款 is hai2 kuan3, its
# 不得了 ends in le5, and the locatives 外边, 上边, ... keep 边's first tone where it is neutral.
_PHRASE_FIXES = {"还款": ("huan2", "kuan3"), "卷子": ("juan4", "zi5"),  # (an exam paper, pypinyin's juan3: 发卷子, batch 250)
                 "干茶": ("gan1", "cha2"),  # dried tea leaves (一斤干茶, batch 253; it read gan4)
                 "豆腐坊": ("dou4", "fu5", "fang2"),  # a tofu workshop, jieba's word (batch 274: it read fu3 fang1)
                 "模模糊糊": ("mo2", "mo2", "hu1", "hu1"),  # (batch 260: it read hu2 hu2)
                 "剥掉": ("bao1", "diao4"),  # peel off (把花瓣剥掉, 把橘子皮剥掉: batch 261; CC-CEDICT's bo1, the literary reading)
                 "采血": ("cai3", "xue4"),  # (batch 256: pypinyin's xie3; 献血, 抽血, 输血 read xue4 too)
                 "地道": ("di4", "dao5"),  # authentic (还地道, batch 254; it read dao4 "tunnel": the rule after 挖 / 躲在 keeps it)
                 "不得了": ("bu4", "de2", "liao3"),
                 "落下来": ("luo4", "xia4", "lai2"), "落下去": ("luo4", "xia4", "qu4"),  # its 落下 is la4 (left behind)
                 "用处": ("yong4", "chu4"), "出处": ("chu1", "chu4"), "难处": ("nan2", "chu4"),  # its are chu3
                 # its V不得 "can't bear to / no wonder / can't wait" end in de2; CC-CEDICT's in de5 (了不得, 不得了 stay de2)
                 **{w: (py, "bu4", "de5") for w, py in (("舍不得", "she3"), ("怪不得", "guai4"), ("恨不得", "hen4"),
                                                          ("巴不得", "ba1"), ("顾不得", "gu4"), ("由不得", "you2"),
                                                          ("记不得", "ji4"), ("要不得", "yao4"), ("算不得", "suan4"),
                                                          ("吃不得", "chi1"), ("听不得", "ting1"), ("看不得", "kan4"))},
                 # jieba's 得-words read alone otherwise (session 42's reading of every one of them): de2 "obtain" in set
                 # phrases, de5 in V得住 and the saying's 说得好, dei3 in 须得
                 "见不得人": ("jian4", "bu4", "de5", "ren2"), "未见得": ("wei4", "jian4", "de5"),
                 "经得住": ("jing1", "de5", "zhu4"), "俗话说得好": ("su2", "hua4", "shuo1", "de5", "hao3"),
                 "志在必得": ("zhi4", "zai4", "bi4", "de2"), "事非得已": ("shi4", "fei1", "de2", "yi3"),
                 "情非得以": ("qing2", "fei1", "de2", "yi3"), "总得分": ("zong3", "de2", "fen1"),
                 "必有一得": ("bi4", "you3", "yi1", "de2"), "一失一得": ("yi1", "shi1", "yi1", "de2"),
                 "愚者一得": ("yu2", "zhe3", "yi1", "de2"), "须得": ("xu1", "dei3"), "须得先": ("xu1", "dei3", "xian1"),
                 "用得着": ("yong4", "de5", "zhao2"), "用不着": ("yong4", "bu4", "zhao2"), "一担": ("yi1", "dan4"),
                 # (不着痕迹 "leaving no trace" is zhuo2, not the V不着 of the context rule)
                 "不着痕迹": ("bu4", "zhuo2", "hen2", "ji4"),
                 "大夫": ("dai4", "fu5"),  # the doctor (its da4 fu1, a feudal official, lives on in 士大夫)
                 "老大夫": ("lao3", "dai4", "fu5"),  # (a jieba word: 这位老大夫, batch 236)
                 # words jieba has and pypinyin lacks, read by the single characters' first readings (batch 22)
                 "晃来晃去": ("huang4", "lai2", "huang4", "qu4"), "掉色": ("diao4", "shai3"), "落色": ("lao4", "shai3"),
                 "膀肿": ("pang1", "zhong3"),
                 "色差": ("se4", "cha1"),  # a colour difference, CC-CEDICT's (batch 169; pypinyin read cha4)
                 "胸闷": ("xiong1", "men4"),  # a tight chest, CC-CEDICT's (batch 170; pypinyin read men1)
                 "沉得住气": ("chen2", "de5", "zhu4", "qi4"),  # keep one's head (batch 182; pypinyin read de2)
                 "划水": ("hua2", "shui3"),  # a stroke through the water, CC-CEDICT's (batch 172; pypinyin read hua4)
                 "扇火": ("shan1", "huo3"),  # fanning a fire, jieba's word (使劲扇火: batch 166; pypinyin read the noun shan4)
                 # its 大汗 is the khan (han2); in these idioms it is sweat (batch 30)
                 "满头大汗": ("man3", "tou2", "da4", "han4"), "大汗淋漓": ("da4", "han4", "lin2", "li2"),
                 "朝九晚五": ("zhao1", "jiu3", "wan3", "wu3"),  # 朝 "morning" (batch 157; it read chao2)
                 "燕国": ("yan1", "guo2"),  # the state of Yan (its 燕山, 燕京, 燕赵 have yan1 already; batch 31)
                 "马尾": ("ma3", "wei3"),  # the ponytail, CC-CEDICT's (its ma3 yi3 is the colloquial 马尾儿; batch 36)
                 "少不了": ("shao3", "bu4", "liao3"),  # (its is shao4 "young")
                 "眼泡": ("yan3", "pao1"),  # (batch 24: a word jieba has and pypinyin lacks)
                 # dried fruit and meat, fu3 (its are pu2, the breast of 胸脯); the scoundrel hun2 (its is hun4)
                 **{w: (py, "fu3") for w, py in (("果脯", "guo3"), ("肉脯", "rou4"), ("杏脯", "xing4"), ("桃脯", "tao2"))},
                 "混蛋": ("hun2", "dan4"),
                 "称脚": ("chen4", "jiao3"),  # fitting the feet (batch 39; its 称身, 称手 are chen4 already)
                 # 长 chang2 "long" in jieba words pypinyin reads zhang3 and CC-CEDICT lacks (长时间, 长椅, 长堤: session 36,
                 # its jieba words with 长 read one by one; titles and growing, 长老 长史 长大 长势 一长制, stay zhang3)
                 **{w: tuple(py.split()) for w, py in (
                     ("长时间", "chang2 shi2 jian1"), ("长堤", "chang2 di1"), ("古长堤", "gu3 chang2 di1"),
                     ("长山", "chang2 shan1"), ("长脚", "chang2 jiao3"), ("长辛店", "chang2 xin1 dian4"),
                     ("长绳", "chang2 sheng2"), ("长鞭", "chang2 bian1"), ("长臂", "chang2 bi4"), ("长风", "chang2 feng1"),
                     ("长丝", "chang2 si1"), ("长嘴", "chang2 zui3"), ("长轴", "chang2 zhou2"), ("长庆", "chang2 qing4"),
                     ("长住", "chang2 zhu4"), ("长陵", "chang2 ling2"), ("长航", "chang2 hang2"), ("长桌", "chang2 zhuo1"),
                     ("长传", "chang2 chuan2"), ("长盛不衰", "chang2 sheng4 bu4 shuai1"), ("长岭岗", "chang2 ling3 gang3"),
                     ("长阳", "chang2 yang2"), ("涂长望", "tu2 chang2 wang4"))},
                 # more jieba words that CC-CEDICT lacks and pypinyin misreads, found reading the common ones with 重 行 弹
                 # 调 藏 都 还 朝 乐 传 发 干 将 降 觉 空 难 强 相 兴 应 种 转, then 为 只 着 率 ... (session 36)
                 **{w: tuple(py.split()) for w, py in (
                     ("重檐", "chong2 yan2"), ("两重", "liang3 chong2"), ("第一重", "di4 yi1 chong2"),
                     ("重重地", "zhong4 zhong4 de5"), ("此行", "ci3 xing2"), ("旅行家", "lv3 xing2 jia1"),
                     ("总行", "zong3 hang2"), ("太行", "tai4 hang2"), ("调蓄", "tiao2 xu4"), ("藏传", "zang4 chuan2"),
                     ("众将", "zhong4 jiang4"), ("干重", "gan1 zhong4"), ("干面", "gan1 mian4"),
                     ("开发型", "kai1 fa1 xing2"), ("乐声", "yue4 sheng1"), ("转马", "zhuan4 ma3"),
                     ("老大难", "lao3 da4 nan2"), ("实为", "shi2 wei2"), ("为名", "wei2 ming2"), ("题为", "ti2 wei2"),
                     ("变废为宝", "bian4 fei4 wei2 bao3"), ("应为", "ying1 wei2"), ("聘为", "pin4 wei2"),
                     ("为官", "wei2 guan1"), ("结为", "jie2 wei2"), ("只此一家", "zhi3 ci3 yi1 jia1"), ("一着", "yi1 zhao1"),
                     ("亲率", "qin1 shuai4"), ("率众", "shuai4 zhong4"), ("一着不慎", "yi1 zhao1 bu4 shen4"),
                     ("这一着", "zhe4 yi1 zhao1"), ("数钱", "shu3 qian2"), ("数到", "shu3 dao4"),  # (batch 41: 他正在数钱)
                     ("蒙中", "meng1 zhong4"), ("蒙圈", "meng1 quan1"),  # guessed right; dazed (batch 42: 蒙对)
                     ("卒中", "cu4 zhong4"), ("脑卒中", "nao3 cu4 zhong4"),  # a stroke (batch 54; pypinyin zu2)
                     ("河涌", "he2 chong1"),  # a creek of the Pearl River delta (batch 54; CC-CEDICT's 涌 chong1)
                     ("蕃衍", "fan2 yan3"),  # "multiply", CC-CEDICT's variant of 繁衍 (batch 49; pypinyin fan1 "foreign")
                     ("待会", "dai1 hui4"), ("待会儿", "dai1 hui4 er5"),  # pypinyin dai4; CC-CEDICT's hui5 (session 39)
                     # 流干 "run dry" (眼泪都流干了; CC-CEDICT's, pypinyin gan4; session 40); 发小 "childhood friend"
                     # (batch 77; pypinyin fa1)
                     ("流干", "liu2 gan1"), ("发小", "fa4 xiao3"),
                     # passed an exam; foretold rightly (batch 44: 他考中了状元; pypinyin's have zhong1, CC-CEDICT zhong4)
                     ("考中", "kao3 zhong4"), ("言中", "yan2 zhong4"),
                     # where two other dictionaries (zdic's and phrase-pinyin-data's, as pypinyin-dict ships them) agree
                     # against pypinyin, each read (session 36; where both were wrong, 检察长 chang2, 老区 ou1, left alone)
                     ("粘膜", "nian2 mo2"), ("粘性", "nian2 xing4"), ("粘度", "nian2 du4"), ("粘胶", "nian2 jiao1"),
                     ("粘滞", "nian2 zhi4"), ("粘滞性", "nian2 zhi4 xing4"), ("干热", "gan1 re4"), ("干季", "gan1 ji4"),
                     ("掺杂", "chan1 za2"), ("馆舍", "guan3 she4"), ("精舍", "jing1 she4"), ("客舍", "ke4 she4"),
                     ("屋舍", "wu1 she4"), ("夫差", "fu1 chai1"), ("佛国", "fo2 guo2"), ("断喝", "duan4 he4"),
                     ("颇丰", "po1 feng1"), ("校本", "xiao4 ben3"), ("有难同当", "you3 nan4 tong2 dang1"),
                     ("椎体", "zhui1 ti3"), ("贾似道", "jia3 si4 dao4"), ("一曲", "yi1 qu3"), ("给事中", "ji3 shi4 zhong1"),
                     ("都司", "du1 si1"), ("右都御史", "you4 du1 yu4 shi3"), ("佥都御史", "qian1 du1 yu4 shi3"),
                     ("右佥都御史", "you4 qian1 du1 yu4 shi3"), ("脚色", "jue2 se4"), ("应天", "ying4 tian1"),
                     ("中郎将", "zhong1 lang2 jiang4"), ("天将", "tian1 jiang4"), ("救应", "jiu4 ying4"),
                     ("千载", "qian1 zai3"), ("重归于好", "chong2 gui1 yu2 hao3"), ("作揖", "zuo1 yi1"), ("一饮而尽", "yi1 yin3 er2 jin4"), ("琢磨", "zuo2 mo5"), ("变长", "bian4 chang2"), ("加长", "jia1 chang2"), ("拉长", "la1 chang2"), ("弹出", "tan2 chu1"), ("弹窗", "tan2 chuang1"), ("莫邪", "mo4 ye2"), ("川藏公路", "chuan1 zang4 gong1 lu4"),
                     ("引吭", "yin3 hang2"), ("还治其人之身", "huan2 zhi4 qi2 ren2 zhi1 shen1"),
                     ("两重性", "liang3 chong2 xing4"), ("长信", "chang2 xin4"), ("长路", "chang2 lu4"),
                     ("臂长", "bi4 chang2"), ("脊神经", "ji3 shen2 jing1"), ("高压脊", "gao1 ya1 ji3"),
                     ("镗床", "tang2 chuang2"), ("方框", "fang1 kuang4"), ("兵来将挡", "bing1 lai2 jiang4 dang3"),
                     ("难挨", "nan2 ai2"), ("萎顿", "wei3 dun4"), ("萎黄", "wei3 huang2"), ("曾国荃", "zeng1 guo2 quan2"),
                     ("掩卷", "yan3 juan4"), ("万乘", "wan4 sheng4"), ("小差", "xiao3 chai1"), ("少康", "shao4 kang1"))},
                 # 血 where pypinyin's phrase and CC-CEDICT disagree, CC-CEDICT's (batch 40: its 流血 was xie3), jieba words
                 **{w: tuple(py.split()) for w, py in (
                     ("流血", "liu2 xue4"), ("出血", "chu1 xue4"), ("出血性", "chu1 xue4 xing4"), ("出血热", "chu1 xue4 re4"),
                     ("脑出血", "nao3 chu1 xue4"), ("鼻出血", "bi2 chu1 xue4"), ("献血", "xian4 xue4"),
                     ("献血者", "xian4 xue4 zhe3"), ("鸡血石", "ji1 xue4 shi2"), ("流鼻血", "liu2 bi2 xie3"),
                     ("狗血", "gou3 xie3"), ("狗血喷头", "gou3 xie3 pen1 tou2"), ("血肠", "xie3 chang2"),
                     ("验血", "yan4 xie3"))},
                 # batch 26, CC-CEDICT's readings: fried chicken zha2 (its zha4 "explode"), 藤蔓 teng2 man4 (its wan4,
                 # CC-CEDICT's "also pr."); jieba's 脸涨 (脸|涨得通红) zhang4 "swell, flush"; 绷着脸 beng3 "keep a straight face"
                 "炸鸡": ("zha2", "ji1"), "藤蔓": ("teng2", "man4"), "脸涨": ("lian3", "zhang4"),
                 "绷着脸": ("beng3", "zhe5", "lian3"), "绷脸": ("beng3", "lian3"),
                 # an animal's pen, juan4 (pypinyin lacks them and reads quan1 "circle")
                 **{a + "圈": (py, "juan4") for a, py in (("猪", "zhu1"), ("羊", "yang2"), ("牛", "niu2"), ("马", "ma3"),
                                                          ("鸡", "ji1"), ("鸭", "ya1"), ("鹅", "e2"), ("兔", "tu4"))},
                 "大喝一声": ("da4", "he4", "yi1", "sheng1"),  # he4 "shout" (jieba's word; pypinyin lacks it)
                 **{w + "边": (py, "bian5") for w, py in zip("外里上下前后左右东西南北",
                                                            ("wai4", "li3", "shang4", "xia4", "qian2", "hou4", "zuo3",
                                                             "you4", "dong1", "xi1", "nan2", "bei3"))},
                 # batch 198: 含糊 han2 hu5 (CC-CEDICT's; pypinyin's hu4 "paste")
                 "含糊": ("han2", "hu5"), "不含糊": ("bu4", "han2", "hu5"),
                 # batch 212: icicles, bing1 liu4 (CC-CEDICT's 冰溜; pypinyin liu1 as in 溜冰 "skate")
                 "冰溜": ("bing1", "liu4"), "冰溜子": ("bing1", "liu4", "zi5"),
                 # batch 214: jieba's word for counting the stars, shu3 (pypinyin's shu4 "number")
                 "数星星": ("shu3", "xing1", "xing1"), "鸡毛掸子": ("ji1", "mao2", "dan3", "zi5"),  # (掸子 zi5: CC-CEDICT)
                 "吆喝声": ("yao1", "he5", "sheng1"),  # (jieba's word; pypinyin's he1, 吆喝 alone he5: batch 282)
                 "挨冻": ("ai2", "dong4"),  # "suffer the cold" (jieba's word; pypinyin's ai1: batch 294)
                 "干塘": ("gan1", "tang2"),  # draining a fish pond (jieba's word; pypinyin's gan4: batch 292)
                 "发干": ("fa1", "gan1"),  # "go dry" (柿子的表皮开始发干, 眼睛发干: batch 279; pypinyin's gan4)
                 "弹一弹": ("tan2", "yi1", "tan2"),  # "flick" (jieba's word; pypinyin's dan4: batch 287)
                 "铺开": ("pu1", "kai1"), "活不长": ("huo2", "bu4", "chang2"),  # (CC-CEDICT's 铺开; batch 283, pypinyin's pu4 / zhang3)
                 "划手": ("hua2", "shou3"),  # a rower (batch 219; pypinyin's hua4)
                 # batch 225's sentences beyond their labels: jieba's words for a relative's home keep the kin term's neutral
                 # tone, as 奶奶 alone has it (pypinyin reads 奶奶家 nai3 nai3; 爷爷|家, 叔叔|家 are cut apart already)
                 "奶奶家": ("nai3", "nai5", "jia1"), "舅舅家": ("jiu4", "jiu5", "jia1"), "姑姑家": ("gu1", "gu5", "jia1")}
_MINDED = {"孩子", "小孩", "小孩子", "家", "门", "大门", "仓库", "店", "摊", "摊子", "行李", "犯人", "羊", "牛"}
_LADLED = {"了", "饭", "汤", "菜", "粥", "水", "满", "上", "好", "一碗", "一勺", "一盘", "不下", "得下", "不了"}
_SUBJECTS = {"语文", "数学", "英语", "历史", "地理", "物理", "化学", "生物", "音乐", "美术", "体育", "书", "课", "中文", "汉语"}
_FRIED = ("鸡蛋", "油条", "丸子", "鸡腿", "鸡翅", "薯条", "春卷", "带鱼", "花生", "肉", "鱼", "虾", "馒头", "糕", "豆腐", "酱")  # (炸 zha2)
_ROWED = ("船", "桨", "火柴", "艇", "龙舟")  # (划 hua2 before them: batch 66)
_TEMPER = {"脾气", "性子", "性格", "嘴", "脾性"}  # (强 jiang4 after a degree word with them: batch 66)
_ROLLED = {"胶带", "胶布", "纸", "卫生纸", "手纸", "布", "铁丝", "绳子", "线", "毛线", "地毯", "凉席", "胶卷", "保鲜膜", "钢丝"}
_SUFFERED = {"遭", "逃", "受", "落", "遇", "避", "蒙"}  # (难 nan4 after them: batch 61)
_MUSIC_KINDS = {"古典", "流行", "民族", "管弦", "爵士", "摇滚", "交响", "电子", "打击", "弦", "器", "民", "舞曲", "背景"}
_FREE_WORD_RESTS = {
    "还": _PRONOUNS | _REPAY,
    "重": set("写来说做读演播装修画买发考选排设订开拍录算"),
    "教": _PRONOUNS | {"教", "过", "得"},  # (被他教过的学生: jieba's 教过, batch 120; 老师教得很耐心: 128)
    "数": {"一下", "一数", "数", "了", "过", "完", "着"},  # (数着, jieba's HMM numeral: 他数着次数, batch 159)
    "干": {"了"},
    "调": set("大小高低好快慢亮暗准匀松紧") | {"到", "一下", "一调", "成"},  # (jieba's 调松: batch 180)
    "量": {"一量", "一下", "了", "过", "完", "好"},  # (jieba's 量完: 量完尺寸, batch 178)
    "削": {"了", "好", "皮", "尖", "掉", "成", "下", "一下"},
    "冲": _PRONOUNS | {"着"},
    "系": set("好上紧住") | {"好了", "上了", "着", "了"},  # (jieba's HMM 系着: 消防员系着安全绳, batch 168)
    "扎": set("成好紧上") | {"起来", "起"},
    "应": {"了", "一声", "着", "过", "下"},
    "处": {"得", "得来", "不来", "好"},
    **{ch: {"了"} for ch in "倒扇"}, "盛": {"了", "到", "进", "出", "满", "好", "上"}, "结": {"了", "满", "出", "得"}, "看": _MINDED, "假": set(), "差": set(),
    "弹": {"了", "着", "过", "起", "起来", "回", "回去", "开", "一首", "一曲", "一下", "得"},  # (现在弹得: 128)
    "散": {"了", "开", "掉", "着"},
    "和": set(), "难": set(), "乐": set(),  # (batch 61)
    "相": set(), "发": set(), "觉": set(),  # (batch 62)
    "晕": set(), "强": set(),  # (batch 66)
    "抹": set(), "屏": set(), "闷": {"得慌"},  # (batch 69)
    "挣": {"了", "到", "钱", "得", "着", "过", "来", "开", "脱", "点", "一点"},
    "嚼": {"了", "着", "起来", "碎", "烂", "一嚼", "不动", "完"},
    "撒": set("在到上进满") | {"点", "些"}, "囤": {"了", "着", "积", "货", "粮", "在"}, "倔": set(),
    "炸": {"了", "好", "熟", "透", "着", "一下", "成", "得"}, "晃": set(),
    "尽": {"了", "力", "心", "到"}, "扒": {"了", "走", "掉"},
    "奔": {"去", "来", "向", "往"}, "横": set(), "卡": {"住", "在"}, "铺": set("在上好开满平成") | {"了", "着"},
    "切": {"了", "成", "开", "好", "下", "碎", "掉", "片", "丝", "块", "一下", "着", "菜", "肉"},
    "缝": set("上好补起紧") | {"起来", "了", "着", "过", "一下", "好了", "上了"},
    "剥": {"了", "开", "掉", "好", "下", "完", "着", "一下", "个", "皮"},
    "担": set(), "露": {"了", "过", "着"}, "折": {"了"},
    "吐": {"了"}, "钉": set("在进上住牢好到死") | {"了", "着"}, "圈": {"里", "起来", "住"},
    "熬": set(), "混": {"了"}, "挨": {"了", "过"}, "划": {"了", "破", "伤", "开"}, "咳": set(), "粘": set(),
}
# things tied or bound that come loose: their 散 is san3 (鞋带散了), where a crowd's or a fog's is san4 (会散了, 雾散了)
_LOOSE = {"鞋带", "头发", "辫子", "绳子", "带子", "架子", "线", "绳", "包装", "书页", "毛线"}
_LOOSE_ADVERBS = {"一下子", "又", "都", "全", "全都", "早就", "已经", "就", "突然", "一下"}
_FRUIT = ("果子", "果实", "果", "籽", "瓜", "穗", "萄", "桃", "梨", "枣", "橘", "豆", "荚", "茄", "柿", "莓", "椒")
# pypinyin phrases the clause overrules: its 结了 is "finished" (jie2), 结了很多果子 bore fruit (jie1)
_CONTEXT_OVER_PHRASE = {"结了", "和了", "和好", "尽着"}  # (和了 hu2, 和好 "reconcile": batch 61; 尽着 jin3: 66)
# Verbs whose result is 倒 dao3 "fall over" (吹倒, 推倒, 病倒: pypinyin lacks them and reads dao4)
_KNOCK_DOWN = set("吹推撞病累滑踢砍刮碰醉击冲摔跌打绊压晕放难扳撂掀砸震")
_STIRRED = {"矛盾", "争端", "事端", "战争", "冲突", "纠纷", "是非", "争论", "战火", "内斗", "事"}  # (挑起 tiao3)
_IRRITANTS = set("烟辣味尘雾")  # (呛 qiang4 after a word with one of these)
# 划 hua4, transferring funds, in a clause with one of these words (钱包被划了 is a cut: words, not characters)
_MONEY_WORDS = {"钱", "款", "账", "账户", "款项", "钱款", "现金", "资金", "工资", "经费", "余额", "银行卡", "卡上", "卡里"}
_HIT = set("射打击猜砸投踢撞选考刺戳扎点")  # (V中: the hit or the pick, zhong4)
_TITLES = {"先生", "女士", "小姐", "老师", "教授", "医生", "大夫", "经理", "总", "师傅", "阿姨", "同学", "老板", "校长", "主任",
           "书记", "局长", "部长", "处长", "科长", "所长", "院长", "董事长", "律师", "记者", "警官", "大爷", "大妈", "奶奶", "爷爷"}
_SHOWN = {"一手", "脸", "面", "馅", "马脚", "底", "富", "怯", "相", "白"}  # what 露 lou4 shows (露了一手, 露了馅)
_TIED = {"鞋带", "领带", "安全带", "扣子", "围巾", "绳子", "腰带", "红领巾", "围裙", "丝巾", "头巾", "红绸", "绸带",
         "结", "死结", "活结", "蝴蝶结", "绳", "飘带", "丝带", "彩带", "红绳", "带子", "扣", "纽扣", "铃铛", "铃"}  # (a knot: 系了个结,
# batch 165; 系着安全|绳: 168; 系了一根长长的飘带: 203; 在脖子后面系了个扣: 228; 系着一条白围裙: 254; 一根红绸|带: 262;
# 猫脖子上系着铃铛; a ring, any word ending in 环, in `_free_reading`'s 系: 腿上系着一个|小铝环, 285)
# polyphonic surnames and their readings as surnames (CC-CEDICT), read so before a personal title (batch 27)
_SURNAMES = {"单": "shan4", "仇": "qiu2", "解": "xie4", "朴": "piao2", "查": "zha1", "区": "ou1", "盖": "ge3", "缪": "miao4",
             "覃": "qin2"}
_SURNAME_AFTER_XING = re.compile("(?<=姓)[" + "".join(_SURNAMES) + "]")
# 曾's titles less the offices a district or a school can hold as well as a person (区主任, 单位书记)
_PERSON_TITLES = (_TITLES - {"校长", "主任", "书记", "局长", "部长", "处长", "科长", "所长", "院长", "董事长"}) | {"叔叔"}
_BEFORE_PERSON = {"找", "问", "请", "叫", "喊", "给", "跟", "和", "与", "同", "对", "向", "替", "帮", "让", "是", "见", "看望",
                  "拜访", "感谢", "谢谢", "告诉", "通知", "等"}
_PROOFREAD = {"稿子", "稿件", "文章", "书稿", "译文", "文稿", "清样", "原稿", "数据", "一下", "了", "着", "完", "过"}
_PENNED = set("猪羊牛马鸡鸭鹅兔")  # animals kept in a pen: their 圈 is juan4 (猪圈), juan1 as the verb (把羊|圈起来)


# The word-shape rules of `G2P._word_shape_readings`: 地 as the adverbial particle, 为 "as" closing a verb, 种 and 行
# as classifiers after a number, 种 "plant" and 背 "carry" before what they take; written from the grammar and
# scored on bench/data/polyphones_free_batch3.tsv to batch5.tsv (docs/benchmarks.md, "Polyphones").
_ASPECT = {"了", "着", "过", "起来", "起"}
_COUNTING = set("这那哪各某每此该本同几多第一二两三四五六七八九十百千万")
_WEI2_WORDS = {"为例", "为主", "为止", "为准", "为荣"}
_NUMERALS = set("一二两三四五六七八九十百千万几半数")
_GRAIN = set("米粮谷麦豆粟黍稻酒")  # what the old dry measures 斗 and 石 measured
_HAIR_TIED = {"辫子", "小辫", "小辫子", "辫", "马尾", "马尾辫", "麻花辫", "头发", "丸子头", "发髻",  # what 扎 za1 ties
              "丝带", "彩带", "绸带", "红绸", "蝴蝶结", "腰带", "皮带", "头绳", "红绳"}  # (婚车上扎着丝带: batch 140)
# 落 la4 "leave behind": things one carries, left at places one leaves (我的伞落在教室里了; 树叶落在地上, 我的书落在地上
# fall, luo4: no such place)
_CARRIED_TO = {"背到", "背回", "背进", "背回家", "背回去", "背回来", "背进去", "背进来"}  # (背 bei1, carrying: batch 58)
_BELONGINGS = {"伞", "雨伞", "手机", "钥匙", "书", "书包", "包", "钱包", "作业", "本子", "眼镜", "外套", "衣服", "帽子",
               "证件", "身份证", "护照", "充电器", "电脑", "笔记本", "水杯", "杯子", "东西", "文件", "资料", "钱", "卡",
               "银行卡", "行李", "箱子", "笔", "耳机", "手表", "围巾", "手套", "相机", "照相机", "背包", "吉他"}
_LEFT_AT = {"教室", "家", "家里", "车上", "车里", "出租车", "公交车", "地铁", "办公室", "学校", "公司", "宿舍", "饭店",
            "餐厅", "酒店", "宾馆", "房间", "会议室", "图书馆", "超市", "商店", "店里", "座位", "飞机", "火车", "那儿",
            "那里", "这儿", "这里", "朋友家"}
# what 铺 pu1 lays (铺木地板: batch 164; a shop, 店铺, stays pu4)
_LAID = ("地板", "地毯", "瓷砖", "地砖", "桌布", "床单", "褥子", "席子", "垫子", "报纸", "塑料布", "沥青", "石板", "草皮",
         "稻草", "凉席", "马路", "石子")
_LEFT_AT_SUFFIX = set("厂店馆所站院室铺")  # any such building is a place one leaves (落在修理厂了: batch 158)


def _left_at(word: str | None) -> bool:
    return word is not None and (word in _LEFT_AT or (len(word) > 1 and word[-1] in _LEFT_AT_SUFFIX))


# 大汗 is "heavy sweat" (han4) beside these words, where pypinyin's phrase reads the khan (han2)
_SWEAT = {"一身", "满身", "浑身", "满头", "满脸", "出", "冒", "流", "直流", "淋漓", "直冒", "直淌", "如雨"}
_CHESS_MOVES = set("走吃进退平将被")  # what a chess piece does next: 车走直线, 车被吃了
_WEI2_VERBS = set("选评改变分称视定认译换转化作成命")
_ZHI3_WORDS = {"只是", "只有", "只要", "只能", "只好", "只得", "只管", "只顾", "只怕", "只剩", "只需", "只可", "只不过"}
_MODALS = {"要", "想", "会", "能", "可以", "应该", "愿意", "肯", "敢", "得", "必须", "需要", "应当", "可能", "打算", "准备"}
_STILL_BEFORE = _MODALS | {"没", "没有", "不", "在", "是", "有"}  # 还 before them, right after 把, is the adverb (batch 247)


def _rounds(word: str) -> bool:
    """Whether a jieba word counts rounds (一圈, 两圈, 好几圈: batch 138)."""
    return word.endswith("圈") and (word[0] in _NUMERALS or word.startswith("好几"))


def _reduplicated(word: str) -> bool:
    """AA, AABB or ABAB (慢慢, 高高兴兴, 一步一步)."""
    n = len(word)
    return (n == 2 and word[0] == word[1]) or (n == 4 and ((word[0] == word[1] and word[2] == word[3])
                                                           or word[:2] == word[2:]))


def _adverbial_de(prev: str | None, after: str | None, tags: dict[str, str], *, verb_follows: bool) -> bool:
    """Whether 地 between `prev` and `after` is the adverbial particle de5 (else the noun di4, "ground")."""
    if prev is None or after is None or len(prev) < 2 or prev[-1] in "块片亩处":
        return False
    if _reduplicated(prev):  # 狠狠, 高高兴兴, 认认真真: whatever jieba tags them (高高兴兴 a place)
        return True
    prev_tag = _tag(tags, prev, last=True)
    if prev_tag.startswith("o"):  # a sound word: 噼里啪啦|地响, 哗啦啦|地|下着雨 (batch 161; the ground makes no sound)
        return True
    # (a person's name before 地 is rare, and jieba's dictionary tags some adjectives nr (安静) and some words of
    # manner plain nouns (生气, 耐心, 礼貌): before a verb they make 地 de5)
    if prev_tag.startswith(("n", "p", "f", "s", "r", "q", "t")) and not (prev_tag in ("n", "nr") and (
            verb_follows or _tag(tags, after, last=False).startswith("v"))):
        return False
    # an adjective of two or more characters before 地 makes it the adverb's particle whatever follows (不耐烦|地|等:
    # jieba tags 等 a particle; 疯狂|地|高兴)
    if prev_tag.startswith("a"):
        return True
    # the word after, or its first character (jieba's made-up 唱着歌 carries the tag of 歌); 往 / 朝 "towards" begin a
    # preposition's phrase whatever jieba's dictionary tags them (往 zg, 往回 / 往前 t: 手忙脚乱|地|往回收, batch 269)
    return verb_follows or after[0] in "往朝" or any(
        t.startswith(("v", "p", "d")) for t in (_tag(tags, after, last=False), tags.get(after[0], "x")))


def _clause_before(tokens: list[Token], j: int) -> list[str]:
    """The words before token `j` in its clause (after the last punctuation token)."""
    cut = max((k for k, t in enumerate(tokens[:j]) if not t.is_word), default=-1)
    return [t.text for t in tokens[cut + 1 : j]]


def _clause_after(tokens: list[Token], j: int) -> list[str]:
    """The words after token `j` in its clause (before the next punctuation token)."""
    out = []
    for tok in tokens[j + 1 :]:
        if not tok.is_word:
            break
        out.append(tok.text)
    return out


def _carries(nxt: str, after: list[str], tags: dict) -> bool:
    """Whether 背着 before `nxt` (the clause's words from it: `after`) carries it on the back (bei1): a thing or a
    count (背着相机, tagged d: batch 169), a person further on (背着行动不便的老人: 168), a belonging after its size
    (背着小书包: 233); not "behind the back of" a person before what is done in secret (背着大家偷偷走了 bei4)."""
    if nxt not in _BELONGINGS and any(w.startswith(("偷偷", "悄悄", "私下", "私自")) for w in after):
        return False
    kind = _tag(tags, nxt, last=False)
    return (kind.startswith(("m", "n")) or nxt in _BELONGINGS or any(w in _CARRIED_PEOPLE for w in after[:4])
            or (kind.startswith("a") and after[1:2] != [] and after[1] in _BELONGINGS))


def _verb_later(tokens: list[Token], j: int, tags: dict[str, str]) -> bool:
    """Whether a verb comes at or after token `j` in the same clause (before a punctuation token)."""
    for tok in tokens[j:]:
        if not tok.is_word:
            return False
        if _tag(tags, tok.text, last=False).startswith("v"):
            return True
    return False


_APPOINTING = set("拜立封尊奉举聘推")  # with _WEI2_VERBS: verbs that make someone something, 为 "as" (wei2)


def _appointed(prev: str | None, before: str | None) -> bool:
    """Whether 为 follows a verb of choosing or naming and its object, a pronoun (选|他|为, 任命|他|为, 称|他|为, or
    jieba's 选他|为): then it is wei2 "as"; 我|为|他 (no verb) and 请|他|为 ("for") are not."""
    if prev is None:
        return False
    if prev in _PRONOUNS:
        verb = before
    elif len(prev) == 2 and prev[1] in "他她我你它":
        verb = prev[0]
    else:
        return False
    return verb is not None and (verb[-1] in _WEI2_VERBS or verb[-1] in _APPOINTING)


def _word_before(tokens: list[Token], j: int) -> str | None:
    return tokens[j - 1].text if j > 0 and tokens[j - 1].is_word else None


def _word_after(tokens: list[Token], j: int) -> str | None:
    return tokens[j + 1].text if j + 1 < len(tokens) and tokens[j + 1].is_word else None


@lru_cache(maxsize=1)
def neutral_tones() -> dict[str, list[str]]:
    """Common words whose standard reading has a neutral tone pypinyin leaves out (data/neutral_tones.txt, from
    CC-CEDICT by bench/make_neutral_tones.py): word -> syllables."""
    out = {}
    for line in (Path(__file__).parent / "data" / "neutral_tones.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, syllables = line.split("\t")
            out[word] = syllables.split()
    return out


@lru_cache(maxsize=1)
def word_readings() -> dict[str, tuple[str, ...]]:
    """Common words whose syllables pypinyin's dictionary reads otherwise than CC-CEDICT (data/word_readings.txt, by
    bench/make_word_readings.py; 长裙 chang2, 重回 chong2, 弹奏 tan2, 颈椎 zhui1): word -> CC-CEDICT's syllables."""
    out = {}
    for line in (Path(__file__).parent / "data" / "word_readings.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, syllables = line.split("\t")
            out[word] = tuple(syllables.split())
    return out


def _table_pieces(word: str, table: dict) -> list[tuple[int, int]]:
    """The (start, end) of `table`'s words inside `word`, longest first, not overlapping (shorter than `word`)."""
    taken: list[tuple[int, int]] = []
    for n in range(len(word) - 1, 1, -1):
        for a in range(len(word) - n + 1):
            if word[a : a + n] in table and all(a + n <= x or a >= y for x, y in taken):
                taken.append((a, a + n))
    return taken


def _unreadable(chars: str) -> list[str]:
    return ["?"] * len(chars)


def _pinyin(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=_unreadable)


def _readable(py: str) -> bool:
    if not re.fullmatch(r"[a-zv]+[1-5]", py):
        return False
    try:
        return split_pinyin(py)[1] in FINALS
    except Exception:  # pypinyin's splitter rejects non-syllables
        return False


class G2P:
    def __init__(self, lexicon: dict[str, list[str]] | None = None) -> None:
        self.lexicon = lexicon or {}
        self.jieba = tokenizer()
        for word in self.lexicon:
            self.jieba.add_word(word, freq=200000)

    def tokens(self, text: str) -> list[Token]:
        out = []
        for piece in self.jieba.cut(text, HMM=True):
            if _HANZI.search(piece) and all(_HANZI.match(c) for c in piece):
                out.append(Token(piece, True))
            else:
                out.extend(Token(c, False) for c in piece if not c.isspace())
        return out

    def _can_manage(self, verb: str | None, after: str | None) -> bool:
        """Whether `verb` 得了 `after` is "can manage to": a verb (or an adjective: 病好得了吗) before 得了, alone, in a word
        jieba's HMM made of it and what stood before it (这个|人去|得了) or a two-character verb (完成|得|了吗), and 得了
        closing its clause or before a question (`_CAN_AFTER`)."""
        if verb is None or after not in _CAN_AFTER:
            return False
        tags = _pos_tags()
        return (len(verb) == 1 or not self.jieba.FREQ.get(verb) or tags.get(verb, "x").startswith("v")) and (
            _tag(tags, verb, last=True).startswith(("v", "zg", "a")) or verb[-1] in _VERB_MISTAGGED)

    @staticmethod
    def _lone_beside_words(text: str, tokens: list[Token], starts: list[int]) -> dict[int, str]:
        """Readings for the prepositions and conjunctions jieba left alone that pypinyin's own segmentation of the run
        joined with part of a jieba word (专门|把 read as 门把 "door handle", ba4; 出门|把门锁): each such character
        read again among its lone neighbours only (把小麦 ba3: batch 129). A phrase among lone characters (还|钱
        huan2) is not touched."""
        lone = {i for i, tok in zip(starts, tokens) if tok.is_word and len(tok.text) == 1}
        # only a preposition or a conjunction is read again: it starts a phrase of its own, where a suffix rightly
        # joins the word before it (门外|头 tou5, 名牌|儿 er5)
        tags = _pos_tags()
        linking = {i for i in lone if tags.get(text[i], "").startswith(("p", "c"))}
        if not linking:
            return {}
        word_of: dict[int, range] = {}  # character offset -> the offsets of its jieba word
        for tok, start in zip(tokens, starts):
            word_of.update({start + i: range(start, start + len(tok.text)) for i in range(len(tok.text))})
        out: dict[int, str] = {}
        for m in _HANZI_RUN.finditer(text):
            pos = m.start()
            for piece in simple_seg(m.group(0)):
                span = range(pos, pos + len(piece))
                pos += len(piece)
                cuts_a_word = any(i in word_of and not set(word_of[i]) <= set(span) for i in span)
                if len(piece) < 2 or not cuts_a_word:
                    continue
                for i in (i for i in span if i in linking and i not in out):
                    a, b = i, i + 1  # the stretch of lone characters around i, inside the run
                    while a - 1 in lone and a - 1 >= m.start():
                        a -= 1
                    while b in lone and b < m.end():
                        b += 1
                    readings = _pinyin(text[a:b])
                    if len(readings) == b - a:
                        out[i] = readings[i - a]
        return out

    def _auto_readings(self, text: str, tokens: list[Token], starts: list[int]) -> dict[int, str]:
        """Per character offset, the reading in context: pypinyin over whole runs of Chinese characters
        (its phrase matching sees the context across words: 还钱 huan2, 还有 hai2); then, inside each jieba
        word, the phrases of pypinyin's dictionary that word contains win (pypinyin's own forward matching
        may take a phrase across jieba's word boundary: 把头|发 -> fa1, where jieba has 把|头发 -> fa4);
        then the context rules for what is left read one character at a time (长, 得, and the free-standing
        还 / 重 / 教 / 数 / 干 / 调 of `_free_reading`)."""
        auto: dict[int, str] = {}
        for m in _HANZI_RUN.finditer(text):
            run = m.group(0)
            readings = _pinyin(run)
            if len(readings) != len(run):  # a dictionary quirk: one character at a time
                readings = [_pinyin(c)[0] for c in run]
            for i, py in enumerate(readings):
                auto[m.start() + i] = py
        auto.update(self._lone_beside_words(text, tokens, starts))
        in_phrase: set[int] = set()
        for tok, start in zip(tokens, starts):
            if not tok.is_word or len(tok.text) < 2:
                continue
            for a, b in _phrase_pieces(tok.text):
                readings = _pinyin(tok.text[a:b])
                if len(readings) == b - a:
                    auto.update({start + a + i: py for i, py in enumerate(readings)})
                    in_phrase.update(range(start + a, start + b))
        neutral, cedict = neutral_tones(), word_readings()
        for tok, start in zip(tokens, starts):
            fix = (_PHRASE_FIXES.get(tok.text) or cedict.get(tok.text)) if tok.is_word else None
            if fix:  # (the hand-made fixes first, then CC-CEDICT's syllables where pypinyin's differ)
                auto.update({start + i: py for i, py in enumerate(fix)})
                in_phrase.update(range(start, start + len(tok.text)))
            elif tok.is_word and (tok.text in neutral or (  # 妈妈 ma1 ma5, 喜欢 xi3 huan5 (where the syllable is the same)
                    len(tok.text) == 4 and tok.text[:2] in neutral and tok.text[2:] in neutral)):  # (jieba's 爸爸妈妈: batch 260)
                pys = neutral.get(tok.text) or [*neutral[tok.text[:2]], *neutral[tok.text[2:]]]
                for i, py in enumerate(pys):
                    if py.endswith("5") and auto.get(start + i, "")[:-1] == py[:-1]:
                        auto[start + i] = py
            if not fix and tok.is_word and len(tok.text) > 2:  # a table word inside a longer jieba word (塑料薄膜)
                for a, b in _table_pieces(tok.text, cedict):
                    auto.update({start + a + i: py for i, py in enumerate(cedict[tok.text[a:b]])})
                    in_phrase.update(range(start + a, start + b))
        for k in auto:
            if k in in_phrase:
                continue
            for ch, before, after, reading in _CONTEXT_RULES:
                if text[k] == ch and ((k > 0 and text[k - 1] in before) or text[k + 1 : k + 2] in after):
                    auto[k] = reading
        for m in _V_YI_V_RE.finditer(text):  # 漂一漂 piao3 "rinse" (jieba: 清|水漂|一|漂; the repeat follows it, below)
            auto[m.start()] = _V_YI_V[m.group(1)]
        for m in _WEIGH_RE.finditer(text):  # 约一约 / 约约 yao1 "weigh" before a weight in its clause (batch 50)
            auto[m.start()] = auto[m.end() - 1] = "yao1"
        for pattern, reading in _PATTERN_READINGS:
            for m in pattern.finditer(text):
                at = m.start(1) if pattern.groups else m.start()  # (a group marks the character in a longer match)
                if at not in in_phrase:
                    auto[at] = reading
        for m in _SURNAME_AFTER_XING.finditer(text):  # 姓单, 姓仇: the surname's reading (batch 67)
            if m.start() not in in_phrase:
                auto[m.start()] = _SURNAMES[m.group(0)]
        for m in _OFFER_RE.finditer(text):
            if m.start() not in in_phrase and not _SUPPORTED.search(re.split("[，。！？；、,.!?;]", text[m.end() :])[0]):
                auto[m.start()] = "gong4"
        for j, (tok, start) in enumerate(zip(tokens, starts)):
            if not tok.is_word or "得" not in tok.text:
                continue
            i = tok.text.index("得")
            known = tok.text == "得" or self.jieba.FREQ.get(tok.text, 0) > 0
            if tok.text in {"可得", "真得"} and start + i not in in_phrase:  # 大家可得|想办法: "must" (session 42)
                after = _word_after(tokens, j)
                after_tag = ("d" if after in _ADV_MISTAGGED else _tag(_pos_tags(), after, last=False)) if after else ""
                # (真得 before an adjective is 真的 misspelt: only 可得 takes it as "must be")
                if after and after[0] not in _DEGREE_START and _must_do(after, after_tag, _pos_tags()) and not (
                        tok.text == "真得" and after_tag.startswith("a")):
                    auto[start + i] = "dei3"
                elif tok.text == "真得" and after not in _PARTICLES_AFTER_VERB:  # 真的 misspelt before a degree or a
                    # quality (这个真得很好; 他真得了第一 keeps de2)
                    auto[start + i] = "de5"
                continue
            # V得了 closing its clause or before a question: "can manage to", de5 liao3, whether jieba's words are 得了
            # (他修|得了吗), X得 (来得|了, 修得|了: not a word whose 得 is its own: 记得了, 免得, 赢得了 say "now remembers",
            # "lest", "won") or 得 alone (below; session 42's probe: they read de2 le5)
            if tok.text == "得了" and start not in in_phrase:
                if self._can_manage(_word_before(tokens, j), _word_after(tokens, j)):
                    auto[start], auto[start + 1] = "de5", "liao3"
                continue
            if (known and len(tok.text) == 2 and i == 1 and (tok.text not in PHRASES_DICT or tok.text == "来得")
                    and _word_after(tokens, j) == "了" and self._can_manage(tok.text[0], _word_after(tokens, j + 1))):
                auto[start + 1], auto[starts[j + 1]] = "de5", "liao3"
                continue
            if start + i in in_phrase or (known and tok.text in PHRASES_DICT) or (known and i == 0 and tok.text != "得"):
                continue  # pypinyin's phrases (获得, 觉得) and jieba's 得-words (得到, 得分) know their reading
            tags = _pos_tags()
            if known and tok.text != "得":
                reading = _bound_de_reading(tok.text, _word_after(tokens, j), tags)
                if len(tok.text) == 3 and tok.text[1:] == "得了" and tok.text not in PHRASES_DICT:
                    reading = "de5"  # jieba's V得了 words are "can manage to" (吃得了, 受得了): de5 liao3
                    auto[start + 2] = "liao3"
                if len(tok.text) == 3 and tok.text[1:] in {"得多", "得很"}:
                    reading = "de5"  # jieba's 大得多, 快得多, 早得很: a degree's complement (batch 133; they read de2)
            else:  # 得 alone, or in a word jieba's HMM made up around it (热得, 他愁得): read it as free-standing
                prev = tok.text[:i] or _word_before(tokens, j)
                reading = _free_de_reading(prev, tok.text[i + 1 :] or _word_after(tokens, j), tags,
                                           verb_later=_verb_later(tokens, j + (1 if tok.text[i + 1 :] else 2), tags))
                # V得了 "can manage to" (管得了吗, 去得了), not 得了 "obtained" (他考试得了满分 keeps de2 le5)
                if (not tok.text[i + 1 :] and _word_after(tokens, j) == "了"
                        and self._can_manage(prev, _word_after(tokens, j + 1))):
                    reading = "de5"
                    auto[starts[j + 1]] = "liao3"
            if reading:
                auto[start + i] = reading
        for j, (tok, start) in enumerate(zip(tokens, starts)):
            # (and an adverb or 人 jieba's HMM glued to it: 再|系 上, 刚|缝 完针, 两家人|处了十几年: batches 149, 151, 154;
            # or a place's 上 / 里: 在礼物上|系了一个蝴蝶结, batch 165)
            prev, text_here, start = self._after_pronoun(tok.text, _word_before(tokens, j), start,
                                                         particles="地得没被再又就才也刚先都还人上里")
            ch, rest = text_here[0], text_here[1:]
            if not tok.is_word or ch not in _FREE_WORD_RESTS or (rest and rest not in _FREE_WORD_RESTS[ch] and not (
                    ch == "削" and text_here not in _XUE1_WORDS)):  # 削苹果: jieba joined the verb and its object
                continue
            if start in in_phrase or (text_here in PHRASES_DICT and text_here not in _CONTEXT_OVER_PHRASE):
                continue
            # a phrase of pypinyin's across jieba's words (还|钱, 还|给) knows the reading: with the character before
            # when that one is a word of its own (空调|调低 is no 调调), with the one after when this one is
            if (prev and len(prev) == 1 and text[start - 1 : start + 1] in PHRASES_DICT) or (
                    not rest and text[start : start + 2] in PHRASES_DICT and text[start : start + 2] not in _CONTEXT_OVER_PHRASE):
                continue
            twice = rest == ch  # 教教, 数数
            nxt = _word_after(tokens, j) if twice or not rest else rest
            nxt2 = _word_after(tokens, j + 1) if twice or not rest else _word_after(tokens, j)
            reading = _free_reading(ch, prev, nxt, nxt2, _pos_tags(), (_clause_before(tokens, j), _clause_after(tokens, j)))
            if reading:
                for i in range(2 if twice else 1):
                    auto[start + i] = reading
        auto.update(self._word_shape_readings(tokens, starts))
        # VV / V了V / V一V + object: the first verb reads as the second, where that one begins a word of a dictionary's
        # (撇了撇嘴, 撇撇嘴 pie3 from 撇嘴; pypinyin's 撇 alone is pie1 "skim": batch 48)
        for m in _V_LE_V_RE.finditer(text):
            first, second = m.start(), m.end()
            if first not in in_phrase and second in in_phrase and second + 1 in in_phrase:
                auto[first] = auto[second]
        for pattern, reading in _LAST_READINGS:
            for m in pattern.finditer(text):
                # a group marks the character: the one named c, else the first (a group left out of the match gives
                # -1, which would mark the text's last character: never written; tests/unit/test_frontend_readings.py
                # checks that no pattern leaves its group out on the golden and held-out sentences)
                at = m.start("c") if "c" in pattern.groupindex else m.start(1) if pattern.groups else m.start()
                if at >= 0:
                    auto[at] = reading
        for m in _REPEATED_VERB_RE.finditer(text):  # 量一量: the repeat reads as the verb does (liang2, not liang4)
            if m.start() in auto and m.end() - 1 in auto:
                auto[m.end() - 1] = auto[m.start()]
        return auto

    def _after_pronoun(self, word: str, prev: str | None, start: int,
                       particles: str = "") -> tuple[str | None, str, int]:
        """A two-character word jieba's HMM made of a pronoun (or one of `particles`) and the next character (他教,
        他种, 狠狠|地扇, 他|没应) as that word before the character: (the word before, the word, its offset)."""
        if len(word) == 2 and (word[0] in _PRONOUNS or word[0] in particles) and not self.jieba.FREQ.get(word):
            return word[0], word[1], start + 1
        return prev, word, start

    def _word_shape_readings(self, tokens: list[Token], starts: list[int]) -> dict[int, str]:
        """Readings that follow from the shape of jieba's words around a character (the comment above `_ASPECT`)."""
        tags, out = _pos_tags(), {}
        for j, (tok, start) in enumerate(zip(tokens, starts)):
            if not tok.is_word:
                continue
            prev, word, start = self._after_pronoun(tok.text, _word_before(tokens, j), start)
            nxt, known = _word_after(tokens, j), word != tok.text or self.jieba.FREQ.get(word, 0) > 0
            # 着 zhao2 "found" after 找 / 买 ... when its clause ends in 了 within three words (找|着|钥匙|了); 找着找着 and
            # 拿着钥匙走了 are the particle
            if word == "着" and prev in _FOUND and (clause := _clause_after(tokens, j)) and clause[-1] == "了" and (
                    len(clause) <= 3 and "着" not in clause):
                out[start] = "zhao2"
            # 着 zhe5, the aspect particle after a verb, where pypinyin read a phrase across jieba's words (闭|着|眼睛,
            # 盯|着|眼前: its 着眼 is zhuo2) or a word it does not know (蒙着); not before 了 (找|着|了, "found": zhao2)
            # (and in a word pypinyin knows, 吸着 "adsorb", between two verbs: 吸着|喝, the manner of the second)
            elif nxt != "了" and ((word == "着" and prev is not None and _tag(tags, prev, last=True).startswith("v")) or (
                    len(word) == 2 and word[1] == "着" and (word not in PHRASES_DICT or (
                        nxt is not None and len(nxt) == 1 and _tag(tags, nxt, last=False).startswith("v"))) and (
                        tags.get(word[0], "x").startswith("v") or tags.get(word) == "uz"))):
                out[start + len(word) - 1] = "zhe5"
            elif word in ("着手", "着眼") and prev is not None and tags.get(prev[-1], "x").startswith("v") and (
                    len(prev) == 1 or not self.jieba.FREQ.get(prev)):  # (a verb alone or ending a word the HMM made)
                out[start] = "zhe5"  # 握|着手, 睁|着眼, 紧紧|地握|着手: the particle and the verb's object, not "set about"
            # function words jieba kept apart, where pypinyin's phrase matching reached across its words: 的 de5, 了 le5 (得出|了|
            # 结果 is no 了结, 描述|了|当时 no 了当), 都 dou1 (全国|都 no 国都, 他|都|会 no 都会), 和 he2 (温暖|和|力量 no
            # 暖和); the adverb 倒 dao4 before 是 / 也 (倒是他先来了); 长 chang2 in 又长又平, 又黑又长
            if word == "了" and nxt == "不得了" and prev is not None and prev[-1] in "可真太就也更多好是":
                # jieba's 了|不得了 after an adverb is 了不得 "terrific, terrible" and 了 (这下可了不得了: batch 53)
                out[start], out[start + 3] = "liao3", "le5"
            elif word == "了" and nxt == "了" and prev is not None and _word_after(tokens, j + 1) is not None:
                out[start], out[start + 1] = "liao3", "le5"  # 了了 "settled" before its object (了了我一桩心愿: batch 64)
            elif word == "了" and prev is not None and prev[-1] not in "不得" and not (prev == "还" and nxt == "得"):  # 还了得
                out[start] = "le5"
            elif word == "的" and prev is not None and prev != "打":  # 项目|的|负责人 is no 目的 (di4); 打的 di1 a taxi
                out[start] = "de5"
            elif word == "都" and prev is not None and prev[-1] not in "首古故旧京建迁定陪":
                out[start] = "dou1"
            elif word == "和" and prev is not None and nxt not in {"面", "泥", "药"} and _free_reading(
                    "和", prev, nxt, _word_after(tokens, j + 1), tags, (_clause_before(tokens, j), _clause_after(tokens, j))) is None:
                out[start] = "he2"  # (not the verb: 和了一盆面, 把颜料和在一起, as `_free_reading` reads it)
            elif word == "倒" and nxt in {"是", "也", "不是", "不如", "挺"}:
                out[start] = "dao4"
            elif word == "长" and prev == "又" and (nxt == "又" or _word_before(tokens, j - 2) == "又"):
                out[start] = "chang2"
            elif word == "子" and nxt is not None and (prev is None or not _tag(_pos_tags(), prev, last=True).startswith(
                    ("n", "a", "v", "r", "m", "q"))):
                out[start] = "zi3"  # 子 on its own before a word, no noun it could end: zi3 (子曰, 在子时; pypinyin's alone is zi5)
            # 吹倒, 推倒, 病倒: 倒 as the result of a blow or a fall, dao3 (pypinyin lacks these words and reads dao4)
            if len(word) == 2 and word[1] == "倒" and word[0] in _KNOCK_DOWN and word not in PHRASES_DICT:
                out[start + 1] = "dao3"
            # 倒 dao3 in V不倒 "cannot knock down" (难不倒, 打不倒: words pypinyin lacks, where it reads dao4 "pour")
            if len(word) == 3 and word[1:] == "不倒" and word not in PHRASES_DICT:
                out[start + 2] = "dao3"
            # 划 hua4 "transfer (funds)" in a word pypinyin lacks (划过来, 划到, jieba's 款划) where its clause speaks of
            # money (工资已经划到你的卡上, 从账户划过来: batch 45); else pypinyin's hua2 "row, scratch" (划过来一条小船)
            if "划" in word and word not in PHRASES_DICT and (set(word) & {"款", "账"} or any(
                    w in _MONEY_WORDS for w in _clause_before(tokens, j) + _clause_after(tokens, j))):
                out[start + word.index("划")] = "hua4"
            # 转 zhuan4 "spin" before 着, before 得 and how fast (风车转得很快, 脑子转得快), and 转个不停 (batch 55); turning
            # round keeps zhuan3 (转过身来, 转得过来)
            if (word == "转" and (nxt == "着" or (nxt == "得" and (_word_after(tokens, j + 1) or " ")[0] in "很真太飞好越快慢极"))
                    or word == "转个" and nxt == "不停"):
                out[start] = "zhuan4"
            # 趟 tang1 "wade" before 着 / 过 (趟着水, 他趟过了小河: batch 50); a trip keeps tang4 (跑了一趟, 这趟过得真快)
            if (word[-1] == "趟" and word not in PHRASES_DICT and (nxt in {"着", "过"} or (nxt or "")[:1] in {"水", "过"})
                    and (word[:-1] or prev or " ")[-1] not in _NUMERALS | {"这", "那", "每", "哪"}):
                out[start + len(word) - 1] = "tang1"
            # 褪 tun4 "slip (a hand) into, out of" toward a sleeve (他把手褪进了袖子里: batch 50); colour keeps tui4
            if "褪" in word and word not in PHRASES_DICT and (
                    "进" in word or nxt == "进" or any("袖" in w for w in _clause_after(tokens, j))):
                out[start + word.index("褪")] = "tun4"
            # 多重 duo1 zhong4 "how heavy" closing its clause (这袋米有多重, 你多重呀; 有多重身份 keeps chong2)
            if word == "多重" and (nxt in _CAN_AFTER or nxt in {"呀", "啦"}):
                out[start + 1] = "zhong4"
            # 拉 la2 / 划 hua2 "slash" before the gash it made (手被铁片拉了一道口子, 钱包被人划了一个口子: batch 49, and
            # session 37's leftover); pypinyin's 拉 alone is la1 "pull", its 划 alone hua4
            if word[-1] in "拉划" and word not in PHRASES_DICT and "口子" in _clause_after(tokens, j)[:4]:
                out[start + len(word) - 1] = "la2" if word[-1] == "拉" else "hua2"
            # 呛 qiang4 "irritate (the throat, the nose)" where smoke, a smell or spice came before it in the sentence (烟太大，
            # 呛得我直咳嗽: batch 47); else pypinyin's qiang1 "choke" (喝水时呛着了) in words it lacks
            if "呛" in word and word not in PHRASES_DICT and any(
                    set(t.text) & _IRRITANTS for t in tokens[:j] if t.is_word):
                out[start + word.index("呛")] = "qiang4"
            # 中 zhong4 "hit, win": the result of a shot or a guess (射中, 猜中, 砸中: words pypinyin lacks, where it
            # reads zhong1 "middle"), and 中 standing alone before 了 / 过 (他中了彩票, 中过奖)
            if (len(word) == 2 and word[1] == "中" and word[0] in _HIT and word not in PHRASES_DICT) or (
                    word == "中" and nxt in {"了", "过"}):
                out[start + len(word) - 1] = "zhong4"
            # 觉 jiao4, a sleep, in a word pypinyin lacks after 睡 in its clause (睡了一个好觉; its 睡觉 / 一觉 know it)
            if len(word) >= 2 and word[-1] == "觉" and word not in PHRASES_DICT and any(
                    "睡" in w for w in _clause_before(tokens, j)):
                out[start + len(word) - 1] = "jiao4"
            # 挑起 tiao3 qi3 "stir up" before a quarrel (挑起矛盾); pypinyin reads 挑 tiao1 "carry" (挑起重担 stays)
            if word == "挑起" and (nxt in _STIRRED or nxt == "了" and any(w in _STIRRED for w in _clause_after(tokens, j))):
                out[start] = "tiao3"
            # a noun jieba made of an object and the verb after 把 (把|鸡圈|起来, 把|画钉|在墙上): the verb's reading, 圈
            # juan1 "pen in", 钉 ding4 "nail" (batch 24; 鸡圈 alone is the pen, juan4; 钉 the nail, ding1)
            if prev == "把" and len(word) == 2 and nxt is not None and (
                    (word[1] == "圈" and word[0] in _PENNED and nxt in {"起来", "起", "住"})
                    or (word[1] == "钉" and nxt[0] in "在进上到")):
                out[start + 1] = "juan1" if word[1] == "圈" else "ding4"
            # 校 jiao4 "proofread" where jieba cut 在校|对 (its "at school") before a text or an aspect (在校|对|稿子:
            # pypinyin's 校对 is jiao4 dui4); 在校对面, 在校对学生 keep the school (batch 25)
            if word == "在校" and nxt == "对" and _word_after(tokens, j + 1) in _PROOFREAD:
                out[start + 1] = "jiao4"
            # 场院 chang2 "threshing floor" where jieba cut 在场|院里 (its 在场 "be present" is chang3; batch 21's one miss)
            if word == "在场" and nxt is not None and nxt[0] == "院":
                out[start + 1] = "chang2"
            # 曾 zeng1, the surname, before a title (曾先生, 曾老师); else ceng2 "once"
            if word == "曾" and nxt in _TITLES:
                out[start] = "zeng1"
            # other polyphonic surnames before a personal title (单老师 shan4, 仇先生 qiu2, 查经理 zha1: batch 27), where
            # a person can stand (a clause's start, after a pronoun or 找 / 和 / 请 ...: 盖|了|经理的章 keeps the verb),
            # or in one word jieba made of them (its dictionary has 仇先生)
            if word in _SURNAMES and nxt in _PERSON_TITLES and (prev is None or prev in _PRONOUNS or prev in _BEFORE_PERSON
                                                                 or prev.endswith("位")):  # (一位朴老师: batch 124)
                out[start] = _SURNAMES[word]
            elif len(word) >= 3 and word[0] in _SURNAMES and word[1:] in _PERSON_TITLES:
                out[start] = _SURNAMES[word[0]]
            # 默默地, 轻轻地, 高高兴兴地: jieba's own adverbs in 地 (status words, reduplications) end in de5
            # (and other 地-words of its dictionary before a verb: 悲伤地|摇)
            if len(word) >= 3 and word[-1] == "地" and word not in PHRASES_DICT and (
                    _tag(tags, word, last=True).startswith("z") or _reduplicated(word[:-1])
                    or (nxt is not None and _adverbial_de(word[:-1], nxt, tags, verb_follows=False))):
                out[start + len(word) - 1] = "de5"
            # 地 de5, the adverbial particle: after a word of two or more characters that is no place, thing,
            # preposition or pronoun, and before a verb (慢慢地站, 认真地看, 一步一步地走, 不停地下着)
            # (jieba's dictionary holds odd 地-words pypinyin does not, 地走了: read like the HMM's)
            if word == "地" or (word[0] == "地" and (not known or word not in PHRASES_DICT)) or (
                    word in ("地下", "地上", "地点") and nxt in _ASPECT):  # 礼貌|地点|了点头
                after = nxt if word == "地" else word[1:]
                before2 = _word_before(tokens, j - 1) if j > 0 else None
                if prev is not None and len(prev) == 1 and before2 in _DEGREE:
                    prev = before2 + prev  # 很|好|地|控制: the degree word and its adjective
                if _adverbial_de(prev, after, tags, verb_follows=word in ("地下", "地上", "地点")) and start not in out:
                    out[start] = "de5"
            # 为 wei2 "as, into" closing a verb (被选为, 评为; 翻译|为) or in 以…为例 / 为主 / 为止 / 为准
            if len(word) > 1 and word[-1] == "为" and word not in PHRASES_DICT and word[-2] in _WEI2_VERBS:
                out[start + len(word) - 1] = "wei2"
            elif word == "为" and prev and len(prev) > 1 and prev not in _MODALS and (
                    (_tag(tags, prev, last=True).startswith("v") or prev[-1] in _WEI2_VERBS) and nxt is not None
                    and not _verb_later(tokens, j + 2, tags)):  # 站起来|为|球队|加油: "for" (wei4)
                out[start] = "wei2"
            elif word == "为" and nxt is not None and prev is not None and len(prev) == 1 and prev in _WEI2_VERBS | _APPOINTING:
                out[start] = "wei2"  # jieba's 选|为|班长 (batch 88), the verb a word of its own
            elif word == "为" and nxt is not None and _appointed(prev, _word_before(tokens, j - 1) if j else None):
                out[start] = "wei2"  # "as" after a verb of choosing or naming and its object: 选|他|为|班长 (batch 35)
            elif word == "为" and nxt is not None and (len(nxt) > 1 or nxt in _PRONOUNS):
                out[start] = "wei4"  # "for" before what it is for: 为|人民服务 (pypinyin's 为人 took 为|人民)
            if word in _WEI2_WORDS:
                out[start] = "wei2"
            # 种 zhong3 after a determiner or a number (这种, 哪种, 三种: pypinyin's 种花 across 这种|花 said zhong4);
            # zhong4, the verb "plant", alone before an aspect particle or a thing (种了, 种过)
            if len(word) > 1 and word[-1] == "种" and word[-2] in _COUNTING:
                out[start + len(word) - 1] = "zhong3"
            elif word == "种" and (prev is None or prev[-1] not in _COUNTING) and (
                    nxt in _ASPECT or nxt in {"过", "下", "上", "出", "完", "好", "的"}
                    or (nxt is not None and _tag(tags, nxt, last=True).startswith("n"))):
                out[start] = "zhong4"  # 种了, 种过, 种小麦
            elif len(word) == 2 and word[1] == "种" and word not in PHRASES_DICT and word[0] not in _COUNTING and (
                    nxt in _ASPECT or nxt in {"过", "下", "上", "出", "完", "好", "满"}):
                out[start + 1] = "zhong4"  # 这块|地种|上了: jieba's 地种 (a kind of land) before the verb's complement
            # 重 chong2 "again" ending a word jieba's HMM made (请重|说一遍) before a verb it repeats
            if len(word) == 2 and word[1] == "重" and not known and nxt in _FREE_WORD_RESTS["重"]:
                out[start + 1] = "chong2"
            # 行 hang2, the classifier "line, row", after a number (第三行, 两行字), except a party of people (一行人)
            if len(word) > 1 and word[-1] == "行" and word[-2] in _COUNTING and word not in _PHRASE_FIXES and (
                    word not in word_readings()) and (
                    word not in PHRASES_DICT or word == "一行") and not (  # pypinyin's 一行 is the party (xing2)
                    word == "一行" and (nxt is None or nxt[0] in "人一二三四五六七八九十几")):
                out[start + len(word) - 1] = "hang2"
            elif word[0] == "行" and not known and prev and prev[-1] in _COUNTING and word[1:2] != "人":
                out[start] = "hang2"  # 第五|行有: jieba's HMM joined the classifier to the next word
            elif word == "行" and prev and prev[0] == "第" and prev[-1] in _COUNTING:
                out[start] = "hang2"  # 第十|行: jieba cut the ordinal from its classifier
            elif (i := word.find("行", 1)) > 0 and word[i - 1] in _COUNTING and word[i + 1 : i + 2] in {"字", "诗"} and (
                    word not in PHRASES_DICT):
                out[start + i] = "hang2"  # 这|几行字|抄: jieba's word of number, classifier and noun (batch 60)
            # 系 ji4 "tie" in jieba's 系在 in a 把 clause (把绳子系在树上: batch 60); 心系在 ... keeps xi4
            if word == "系在" and "把" in _clause_before(tokens, j):
                out[start] = "ji4"
            # 转 zhuan4 "spin, go round" closing its clause after 在 / 一直 / 不停地 / 绕着 X (风车在不停地转, 轮子在转);
            # elsewhere pypinyin's zhuan3 "turn" (向左转, 转过身)
            if nxt is None and (word == "转" or word == "地转") and prev is not None and (
                    word == "地转" or prev in {"在", "一直", "不停", "还在", "正在", "总是", "老是"}
                    or (j >= 2 and tokens[j - 2].text == "着")):
                out[start + len(word) - 1] = "zhuan4"
            # ... and going round a number of rounds (在商场转了一圈, 转两圈: batch 63)
            elif word == "转" and nxt is not None and (_rounds(nxt) or (
                    nxt in {"了", "过"} and (w := _word_after(tokens, j + 1)) is not None and _rounds(w))):
                out[start] = "zhuan4"
            # 只 zhi1, the classifier, after a number or a determiner and before what is counted (两只猫, 这只鸟);
            # the adverb zhi3 before a verb or a preposition (这只|是, 只有)
            for i in (i for i, c in enumerate(word) if c == "只"):
                before = word[i - 1] if i else (prev[-1] if prev else "")
                after = word[i + 1:] or nxt
                if before in _COUNTING and before != "第" and not (i == 0 and word in _ZHI3_WORDS) and (
                        after is None or not _tag(tags, after, last=False).startswith(("v", "p", "c"))):
                    out[start + i] = "zhi1"  # (before an adverb too: 每只都很好)
            # 当 dang4 "regard as" in 把 X 当 Y (把这里当自己家); elsewhere pypinyin's dang1
            if word == "当" and nxt is not None and ("把" in _clause_before(tokens, j) or (
                    prev == "就" and nxt in _PRONOUNS | {"没", "是", "作", "成", "做", "这", "那", "自己"})):
                out[start] = "dang4"  # (就当我没说, 就当没看见: batch 64)
            # ... and where jieba's HMM glued 当 to a one-character Y (把茶|当水|喝, 把钱|当命: batch 186)
            elif len(word) == 2 and word[0] == "当" and not known and "把" in _clause_before(tokens, j):
                out[start] = "dang4"
            # ... and in X 当 Y 用 "use X as Y" (一个人|人当|两个|人用: batch 59), whatever jieba made of 当 and 用
            elif word[-1] == "当" and (word == "当" or not known) and nxt is not None and any(
                    w == "用" or (len(w) == 2 and w[1] == "用" and not self.jieba.FREQ.get(w))
                    for w in _clause_after(tokens, j)):
                out[start + len(word) - 1] = "dang4"
            # 数 shu3 "count" in a word jieba made of the thing and the verb, in a 把 clause before what counting takes
            # (把|钱数|了一遍: batch 59; pypinyin's 钱数 is the noun "sum"), and in 当着 X 的面 (当着大家的|面数|了一遍:
            # jieba's 面数, found in session 50's review)
            if len(word) == 2 and word[1] == "数" and nxt is not None and nxt[0] in "一了过着不得到完清" and (
                    "把" in _clause_before(tokens, j)
                    or (word == "面数" and not {"当着", "当"}.isdisjoint(_clause_before(tokens, j)))):
                out[start + 1] = "shu3"
            # 空 kong4 "leave vacant" in 空着 before a number (屋里空着一张床: batch 59); 空着手 / 空着肚子 keep kong1
            if word == "空着" and nxt is not None and _tag(tags, nxt, last=False).startswith("m"):
                out[start] = "kong4"
            # 落: la4 "leave behind" in 把 X 落在 / 落下 / 落了 (把手机落在车上; 把|书落|在, where the HMM joined the
            # thing to it); elsewhere luo4 "fall", pypinyin's 落了 (la4) included (树叶落了, 太阳落了)
            fall = after = None
            if word in {"落", "落在", "落下"}:
                fall, after = start, (nxt if word == "落" else word[1:])
            elif len(word) == 2 and word[1] == "落" and not known:
                fall, after = start + 1, nxt
            if fall is not None and after in {"在", "下", "了"}:
                if "把" in _clause_before(tokens, j):
                    out[fall] = "la4"
                elif after == "在" and _left_at(_word_after(tokens, j + (word != "落在"))) and (
                        word[:-1] in _BELONGINGS or any(w in _BELONGINGS for w in _clause_before(tokens, j))):
                    out[fall] = "la4"  # a belonging left where one leaves things: 我的伞落在教室里了 (batches 7 and 13)
                elif after == "了" and any(w in _BELONGINGS or w[-1] in "字句题页段" for w in _clause_after(tokens, j)[:4]):
                    out[fall] = "la4"  # leaving something out or behind: 他落了一个字没写, 落了一把伞 (batch 58)
                elif after == "了":
                    out[fall] = "luo4"
            # 斗 dou3 and 石 dan4, the old dry measures, after a numeral (一斗米, 两石米, 等于十斗: batch 29, where pypinyin
            # read 斗 dou4 "fight" and 石 shi2 "stone" in jieba's 一斗, 一石米); 斗 before grain or closing its clause, 石
            # only before grain (一石二鸟, 一石激起千层浪 keep the stone); 担 dan4, a carrying-pole load, after any numeral
            # (两担水: batch 34; 一担 was a word fix)
            for i in (i for i, c in enumerate(word) if c in "斗石担"):
                before = word[i - 1] if i else (prev[-1] if prev else "")
                after = word[i + 1:] or nxt
                if before in _NUMERALS and (word[i] == "担" or (after is not None and after[0] in _GRAIN) or (
                        word[i] == "斗" and after is None)):
                    out[start + i] = {"斗": "dou3", "石": "dan4", "担": "dan4"}[word[i]]
            # 汗 han4 "sweat" after 大 beside a word of sweating (出了一身|大|汗, 累得|大汗|直流: batch 30, where pypinyin's
            # 大汗 read the khan, han2); 蒙古大汗 keeps it
            for i in (i for i, c in enumerate(word) if c == "汗"):
                if (word[i - 1] if i else (prev[-1] if prev else "")) == "大" and any(
                        w in _SWEAT for w in (*_clause_before(tokens, j - (i == 0)), *_clause_after(tokens, j))):
                    out[start + i] = "han4"
            # 车 ju1, the chess piece (the rook), where a word of chess is in its clause and a move follows it (下象棋时
            # 车走直线, 下棋时他的车被吃了: batch 30); jieba's HMM joins it to the word before (时车, 里车)
            for i in (i for i, c in enumerate(word) if c == "车"):
                after = word[i + 1:] or nxt
                if after and after[0] in _CHESS_MOVES and (len(word) == 1 or not known) and any(
                        "棋" in w for w in (*_clause_before(tokens, j), *_clause_after(tokens, j))):
                    out[start + i] = "ju1"
            # 拓 ta4 "make a rubbing" where a stele or a rubbing is in its clause (在碑前拓了一张拓片, 把碑文拓下来: batch
            # 31), in a word pypinyin lacks or alone (jieba's HMM made 前拓); 开拓, 拓展 keep tuo4
            for i in (i for i, c in enumerate(word) if c == "拓"):
                if (len(word) == 1 or word not in PHRASES_DICT) and any(
                        "碑" in w or w in {"拓片", "拓本"} for w in (*_clause_before(tokens, j), *_clause_after(tokens, j))):
                    out[start + i] = "ta4"
            # 芥蓝 gai4 lan2, Chinese kale, which pypinyin reads jie4 and jieba cuts apart (炒|芥|蓝: batch 33)
            for i in (i for i, c in enumerate(word) if c == "芥"):
                if (word[i + 1:] or nxt or "")[:1] == "蓝":
                    out[start + i] = "gai4"
            # 着地 zhao2 di4 "touch the ground" where jieba cut it apart before 了 or a pause (飞机安全|着|地|了)
            if word == "着" and nxt == "地" and _word_after(tokens, j + 1) in (None, "了"):
                out[start] = "zhao2"
            # 称 chen4 "fit" before 脚, which pypinyin lacks (很|称|脚, 不太称|脚: batch 39; its 称身, 称手, 称心 have it)
            if word[-1] == "称" and nxt == "脚":  # (not 脚下 "underfoot": 称了称|脚下的石头 weighs it)
                out[start + len(word) - 1] = "chen4"
            # 血 xie3, the colloquial reading, alone after 吐 in its clause, as in CC-CEDICT's 吐血 tu4 xie3 (吐了一口血:
            # batch 40), and that 吐 tu4 "throw up" (pypinyin's tu3 "spit"); elsewhere alone xue4 (他流了很多血, an
            # earlier set's label)
            if word == "血":
                for k in range(j - 1, -1, -1):
                    if not tokens[k].is_word:
                        break
                    if tokens[k].text == "吐":
                        out[start], out[starts[k]] = "xie3", "tu4"
                        break
            # 干 gan1 "dry" after a degree word that jieba joined to it (天气|太干|了: batch 35); 好干 "easy to do" is left
            if len(word) == 2 and word[1] == "干" and word[0] in "太很挺真更最" and word not in PHRASES_DICT:
                out[start + 1] = "gan1"
            # 长长了 "has grown long": zhang3 chang2 (头发长长了: batch 65); 长长的 keeps chang2 chang2
            if word == "长长" and nxt == "了":
                out[start] = "zhang3"
            # 强 jiang4 "stubborn" in jieba's 很强 with a temper before it (脾气|很强: batch 66)
            if len(word) == 2 and word[1] == "强" and word[0] in "太很挺真更最" and word not in PHRASES_DICT and any(
                    w in _TEMPER for w in _clause_before(tokens, j)):
                out[start + 1] = "jiang4"
            # 划 hua2 in jieba's 划着 before a boat or a match (划着小船, 划着火柴: batch 66)
            if word == "划着" and nxt is not None and nxt.endswith(_ROWED):
                out[start] = "hua2"
            # ... as 冲 chong4 "strong" (味道|很冲: batch 61)
            if len(word) == 2 and word[1] == "冲" and word[0] in "太很挺真更最" and word not in PHRASES_DICT:
                out[start + 1] = "chong4"
            # 量 liang2 "measure" in a word jieba made of the thing and the verb, in a 把 clause (把|米量|了一下: batch 61)
            if len(word) == 2 and word[1] == "量" and nxt is not None and nxt[0] in "一了过好" and (
                    "把" in _clause_before(tokens, j)) and word not in PHRASES_DICT:
                out[start + 1] = "liang2"
            # 教 jiao1 "teach" ending a word jieba's HMM made, before whom it teaches (在黑板|上教|我们|写字: batch 37)
            if len(word) == 2 and word[1] == "教" and not known and (nxt in _PRONOUNS or nxt in _SUBJECTS):  # (里教|语文: 70)
                out[start + 1] = "jiao1"
            # 背 bei1 "carry on the back" when carrying: 背不动, 背起, and 背着 before what is carried (_carries)
            if word in {"背不动", "背得动", "背起", "背起来"} or (word == "背着" and nxt and nxt != "手" and _carries(
                    nxt, _clause_after(tokens, j), tags)):
                out[start] = "bei1"
            # ... and carrying somewhere: 背 before 到 / 回 / 进 (把孩子背到了医院, 背回了一袋米, 书|背|回家: batch 58); what is
            # learned by heart goes 下来 / 熟 / 出来 (把课文背下来), and 背过身 turns one's back
            after2 = _word_after(tokens, j + 1)
            carry = (word[-1] == "背" and (word == "背" or not known) and nxt is not None and (
                nxt[0] in "到回进" or (nxt == "在" and after2 is not None and after2[0] in "肩背身"))  # 背在肩上 (batch 62)
                and not (nxt == "到" and after2 is not None and after2[0] == "第"))
            if carry or word in _CARRIED_TO:
                out[start + len(word) - 1 if carry else start] = "bei1"
            # 卷 after a number: juan3, the roll, before what is rolled (一卷胶带); juan4, the volume, closing its clause or
            # before 书 (这套书一共有五卷: batch 62; pypinyin's 一卷 is juan4 and a lone 卷 juan3)
            if len(word) >= 2 and word[-1] == "卷" and word[-2] in _NUMERALS:
                if nxt is not None and nxt in _ROLLED:
                    out[start + len(word) - 1] = "juan3"
                elif nxt is None or nxt[0] in "书本":
                    out[start + len(word) - 1] = "juan4"
            # 教会 jiao1 hui4 "taught (someone) to" before 了 or whom (他教会了我游泳: batch 62); the church keeps jiao4
            if word == "教会" and (nxt == "了" or nxt in _PRONOUNS):
                out[start] = "jiao1"
        return out

    def _word_pairs(self, text: str, forced: dict[int, str]) -> tuple[list[list[list]], list[int]]:
        """Per jieba word its [char, pinyin] pairs (dictionary tones), and the break level after each."""
        tokens = self.tokens(text)
        starts, pos = [], 0
        for tok in tokens:
            starts.append(text.find(tok.text, pos))
            pos = starts[-1] + len(tok.text)
        auto = self._auto_readings(text, tokens, starts)
        words: list[list[list]] = []  # per word: [char, pinyin] pairs
        breaks: list[int] = []  # break level after each word
        for tok, start in zip(tokens, starts):
            if not tok.is_word:
                if tok.text in PAUSE_PUNCT and breaks:
                    breaks[-1] = max(breaks[-1], 3)
                continue
            lex = self.lexicon.get(tok.text)
            # inline override > user lexicon > pypinyin in context
            pairs = [[c, forced.get(start + i) or (lex[i] if lex else auto[start + i])] for i, c in enumerate(tok.text)]
            pairs = [p for p in pairs if _readable(p[1])]  # rare characters without a reading are skipped
            if not pairs:
                continue
            words.append(pairs)
            breaks.append(1)
        return words, breaks

    def readings(self, text: str) -> list[str]:
        """Dictionary readings (before tone sandhi) of the Chinese characters of `text`, in order, as
        `syllables` would use them: pypinyin in context, the context rules, then the user lexicon."""
        pairs = self._word_pairs(text, {})[0]
        return [py for word in pairs for _, py in word]

    def syllables(self, text: str, forced: dict[int, str] | None = None) -> tuple[Syllable, ...]:
        """Syllables of a normalized sentence; `forced` maps character offsets in `text` to pinyin.

        Readings come from pypinyin over whole runs of Chinese characters (its phrase matching sees the
        context: 还钱 huan2, 还有 hai2); jieba's words give the prosodic word boundaries and the user
        lexicon's words."""
        words, breaks = self._word_pairs(text, forced or {})
        apply_sandhi(words, breaks)
        out: list[Syllable] = []
        for word, brk in zip(words, breaks):
            erhua = len(word) > 1 and word[-1][0] == "儿" and "".join(c for c, _ in word) not in _NOT_ERHUA
            for i, (ch, py) in enumerate(word):
                if erhua and i == len(word) - 1:
                    # r-colouring: the previous syllable carries it, as Baker writes "a1 a2 er5"
                    prev = out.pop()
                    out.append(Syllable(text=prev.text + ch, pinyin=prev.pinyin + "r", initial=prev.initial,
                                        final=prev.final, tone=prev.tone, break_after=brk))
                    continue
                initial, final, tone = split_pinyin(py)
                out.append(Syllable(text=ch, pinyin=py, initial=initial, final=final, tone=tone,
                                    break_after=brk if i == len(word) - 1 else 0))
        return tuple(out)
