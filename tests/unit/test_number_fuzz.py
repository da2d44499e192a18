"""Structured number fuzz of the text normalizer: every template that gives numbers a meaning (money, scores,
ranges, ordinals, percentages, dates, times, units, codes, phone numbers) crossed with numbers of every shape
(short, 16 digits, 17 and more, long decimals, leading zeros, separators, other scripts' digits). Normalization
must return text with every digit read out, and never raise."""

from __future__ import annotations

import itertools
import re

import pytest

from ttsserve.frontend.normalize import normalize

TEMPLATES = [
    "{a}", "-{a}", "+{a}", "{a}.{b}", "¥{a}", "￥{a}.{b}", "${a}", "HK${a}", "€{a},{b}", "£{a}", "¥{a},{b}",
    "第{a}", "第{a}名", "{a}:{b}", "{a}:{b}:{b}", "比分{a}:{b}", "{a}-{b}%", "{a}~{b}", "{a}至{b}个",
    "{a}-{b}年", "{a}年{b}月{b}日", "{a}%", "-{a}%", "{a}.{b}%", "{a}/{b}", "{a}℃", "{a}°C", "{a}kg",
    "{a}.{b}km/h", "{a}个", "2{a}", "CA{a}", "G{a}", "{a}-{b}-{b}", "+86 {a}", "400-{a}", "{a}e{b}",
    "{a}，{b}。", "共{a}人，占{b}%。", "{a}点{b}分",
    "¥{a}元", "气温-{a}℃", "气温-{a}度", "-{a}~-{b}℃", "时长{a}:{b}", "用时{a}:{b}:{b}", "房间号{a}", "{a}米{b}", "血压{a}/{b}mmHg", "{a}mmol/L", "{a}.{b}晚会", "{a}活动",
]
NUMBERS = [
    "0", "1", "2", "7", "10", "12", "99", "100", "007", "2024", "12345", "1000000",
    "9" * 15, "9" * 16, "1" + "0" * 15, "9" * 17, "1" + "0" * 16, "9" * 20, "12345678901234567890123", "9" * 60,
    "0" * 20, "1,999", "1,9999999999999999", "3.14", "0.5", "1." + "4" * 17, "9" * 17 + ".5",
    "١٢٣", "٣" * 20, "１２３", "１" * 18, "๑๒",
]
CASES = sorted({(t, a, b if "{b}" in t else "") for t, a, b in itertools.product(TEMPLATES, NUMBERS, ["5", "9" * 17])})


def test_fuzz_covers_the_reported_reproductions():
    texts = {t.format(a=a, b=b) for t, a, b in CASES}
    for text in ("¥99999999999999999", "第99999999999999999", "99999999999999999:5", "1-99999999999999999%",
                 "¥1,9999999999999999"):
        assert text in texts


@pytest.mark.parametrize("template", TEMPLATES)
def test_numbers_of_any_length_are_read(template):
    failures = []
    for t, a, b in CASES:
        if t != template:
            continue
        text = t.format(a=a, b=b)
        try:
            out = normalize(text)
        except Exception as exc:  # noqa: BLE001 - the point of the test
            failures.append(f"{text!r}: {type(exc).__name__}: {exc}")
            continue
        if re.search(r"\d", out):
            failures.append(f"{text!r} -> {out!r} (digits left)")
    assert not failures, "\n".join(failures)


def test_reported_reproductions_through_the_whole_frontend():
    from ttsserve.frontend import MandarinFrontend

    fe = MandarinFrontend()
    for text in ("¥99999999999999999", "第99999999999999999", "99999999999999999:1", "1-99999999999999999%",
                 "¥1,9999999999999999"):
        out = fe.process(text)
        assert out.sentences and not re.search(r"\d", out.normalized_text), (text, out.normalized_text)
