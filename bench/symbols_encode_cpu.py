"""The KAN-TTS symbol encoding of a sentence (frontend/kantts.py `KanttsSymbols.encode`), which the GPU worker runs for
every call it plans (`pipeline/voice.py:plan_calls`): microseconds per sentence on this CPU, for a checkout's `src`
given first. Session 36: 85-88 us for 19 syllables before `syllable_phones` was cached, 22-23 after.

usage: python bench/symbols_encode_cpu.py SRC   (e.g. src, or an older checkout's src to compare)
"""
import time, statistics, sys
sys.path.insert(0, sys.argv[1])
from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend import kantts
fe = MandarinFrontend()
text = "我们中午先在学校附近吃午饭，下午去湖边散步，晚上再回家看书。今天天气不错，出去走走吧。"
out = fe.process(text)
sym = kantts._default()
for s in out.sentences: sym.encode(s)
ts = []
for _ in range(30):
    t = time.perf_counter()
    for _ in range(20):
        for s in out.sentences: sym.encode(s)
    ts.append((time.perf_counter() - t) / 20 / len(out.sentences) * 1e6)
print(sys.argv[1], "us per sentence encode: median", round(statistics.median(ts), 1), "min", round(min(ts), 1), "syllables", sum(len(s.syllables) for s in out.sentences) / len(out.sentences))
