"""How the frontend reads three constructions in sentences built from parts. First 得 "must" (dei3): a subject (你, 我们, 大家, 他, 这件事, 孩子), an
adverb or none (还, 就, 都, 也, 必须, 一定, 可, 总, 真), 得, and one of 78 things that must be done or be (走了, 去医院, 小心,
排队, 把作业写完, 耐心一点 ...): 6 x 10 x 78 = 4,680 sentences, each of which a person reads with dei3. Prints how many the
frontend reads otherwise, by predicate, subject and adverb, and a sample. A probe of one construction, not a held-out
set: the predicates were chosen to cover jieba's ways of cutting and tagging them (a noun tag on 排队, 交钱; 换 tagged nz;
jieba's words 可得, 真得, 得换). Session 42: 1,594 of 4,680 read otherwise at its start (44b2481), 154 after its fixes
(`bench/results/construction_probe_s42_before.json`, `construction_probe_s42.json`).
Beside it, the other way round, the particle (de5) after a verb or a state before how it went: 55 verbs x 14 complements
(很好, 清清楚楚, 满头大汗, 小心 ...) x 4 subjects = 3,080 sentences, so that a fix for "must" is seen not to take the
particle's place (session 42: 125 read otherwise at its start, 8 after). Third, the adverbial 地 (de5): 3 subjects x 65 words
of how (慢慢, 热情, 一步一步 ...) x 10 verb phrases (走, 看着他, 把门关上 ...) = 1,950 sentences (session 42: 34 read di4 at
its start, all before 把, whose 把门 jieba takes for a word, or after 大口; 0 after). Fourth, V得了 / V不了 "can (not)
manage to" (de5 liao3 / bu4 liao3): 3 subjects x 50 verbs x 5 frames (V不了。, V不了这么多。, V得了吗？, V得了。, 我看他V不了几天。)
= 750 sentences, the 了 read liao3 by a person (session 42: 170 read le5 at its start, 12 after). Fifth, 着 zhao2 "reach,
manage, catch" (V不着, V得着吗, V着了 found, 着急, 着凉, 着火, 睡着了: 234 sentences) beside zhe5 (V着他, V着说话, 门口V着一个人:
216) (session 42: 34 read otherwise at its start, all V得着; 6 after, 赶着了, which can also be "in a hurry": zhe5).
Sixth, 长 zhang3 / chang2, 还 huan2 / hai2, 为, 重, 数, 干, 倒, 好, 行, 处, 空, 觉, 便, 只, 种 and 看 in 186 everyday frames x 3
subjects = 558 sentences (session 42: 39 read otherwise at its start, 0 after).

usage: python bench/construction_probe.py [--json FILE] [--src DIR (another checkout's src, to compare)]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PREDICATES = (
    "走了 去医院 早点睡 多喝水 小心 注意安全 加油 努力 认真学习 好好休息 想办法 赶快 快点 马上出发 先吃饭 把作业写完 跟他说 给他打电话 在家等 "
    "从头开始 耐心一点 冷静 勇敢 坚强一点 谦虚 准时到 早起 排队 交钱 请假 去一趟 再想想 重新做 自己来 亲自去 留下来 考虑考虑 花钱 买票 戴口罩 "
    "带伞 吃药 写报告 上班 加班 等一会儿 小点声 慢点开 轻一点 快一点 细心点 有耐心 有信心 负责 承担责任 听话 讲道理 守规矩 准备好 提前到 换一个 "
    "洗手 穿厚点 少吃点 多运动 走路去 打车 坐地铁 住院 动手术 学会 学好英语 记住 记得 想清楚 说清楚 管管他 问问老师").split()
SUBJECTS = ("你", "我们", "大家", "他", "这件事", "孩子")
VERBS = ("跑 写 说 唱 跳 走 吃 睡 学 换 做 画 讲 洗 打 玩 哭 笑 想 看 听 长 开 修 记 等 排 交 过 活 干 忙 累 急 气 冷 热 高兴 紧张 激动 害怕 准备 "
         "收拾 打扫 表现 解释 回答 安排 处理 布置 完成 练习 复习 考 背").split()
HOW = ("慢慢 高兴 认真 仔细 静静 大声 轻轻 默默 悄悄 努力 飞快 紧紧 狠狠 热情 耐心 不停 一步一步 开心 生气 小声 安静 偷偷 拼命 用力 深深 温柔 "
       "礼貌 激动 紧张 满意 得意 着急 难过 无奈 好奇 顽强 坚定 勇敢 骄傲 自豪 冷冷 淡淡 甜甜 傻傻 一个一个 一遍一遍 渐渐 逐渐 明显 迅速 猛 突然 稳稳 "
       "牢牢 重重 轻易 大口 大步 随便 简单 高高兴兴 认认真真 清楚 不断 主动").split()
CAN_VERBS = ("去 来 吃 走 做 干 受 忍 跑 办 拿 搬 写 喝 睡 改 修 管 动 说 输 活 忘 躲 逃 帮 用 装 穿 开 关 停 好 完 治 救 考 学 背 记住 完成 解决 坚持 "
             "控制 承受 离开 做完 吃完 忘记 原谅").split()
CAN_FRAMES = (("{v}不了。", "不了"), ("{v}不了这么多。", "不了"), ("{v}得了吗？", "得了"), ("{v}得了。", "得了"), ("我看他{v}不了几天。", "不了"))
ZHAO_FRAMES = tuple(f for v in "睡 找 够 用 摸 买 猜 见 吃 等 借 碰 打 抓 逮 赶 喝 听 看 想 算 点 烧".split()
                    for f in (f"{{s}}{v}不着。", f"{{s}}{v}得着吗？")) + tuple(
    f for v in "找 买 猜 借 碰 抓 逮 赶 打 睡 点 烧".split() for f in (f"{{s}}{v}着了。", f"{{s}}{v}着了吗？")) + (
    "{s}着急了。", "{s}着凉了。", "{s}家着火了。", "{s}着迷了。", "{s}着了魔似的。", "{s}一躺下就睡着了。", "{s}没找着钥匙。", "{s}还没睡着。")
ZHE_FRAMES = tuple(f for v in "看 拿 坐 站 躺 等 笑 哭 走 听 想 唱 说 写 吃 喝 抱 背 开 关 穿 戴 挂 放".split()
                   for f in (f"{{s}}{v}着他。", f"{{s}}{v}着说话。", f"门口{v}着一个人。"))
WORD_FRAMES = {  # character -> (frame, which occurrence, the reading a person gives)
    "长": (("{s}长高了。", 1, "zhang3"), ("{s}长大了。", 1, "zhang3"), ("{s}长胖了。", 1, "zhang3"), ("{s}长得很像妈妈。", 1, "zhang3"),
          ("{s}长了一颗牙。", 1, "zhang3"), ("{s}又长了两厘米。", 1, "zhang3"), ("{s}脸上长了一个痘。", 1, "zhang3"),
          ("{s}长着一双大眼睛。", 1, "zhang3"), ("{s}的个子长得快。", 1, "zhang3"), ("{s}的头发长长了。", 1, "zhang3"),
          ("{s}的头发长长了。", 2, "chang2"), ("{s}的头发很长。", 1, "chang2"), ("{s}擅长画画。", 1, "chang2"),
          ("{s}的特长是唱歌。", 1, "chang2"), ("{s}留着长头发。", 1, "chang2"), ("{s}穿着一条长裙。", 1, "chang2"),
          ("{s}等了很长时间。", 1, "chang2"), ("{s}的假期很长。", 1, "chang2"), ("{s}写的信太长了。", 1, "chang2"),
          ("{s}有一米五长。", 1, "chang2"), ("{s}长年在外地工作。", 1, "chang2"), ("{s}说了很长一段话。", 1, "chang2"),
          ("{s}的腿长，跑得快。", 1, "chang2"), ("{s}长得比我高。", 1, "zhang3"), ("{s}长了不少见识。", 1, "zhang3"),
          ("{s}长个子了。", 1, "zhang3")),
    "还": (("{s}还了我一本书。", 1, "huan2"), ("{s}把钱还给我了。", 1, "huan2"), ("{s}还钱了吗？", 1, "huan2"),
          ("{s}按时还款。", 1, "huan2"), ("{s}还清了贷款。", 1, "huan2"), ("{s}借的书还没还。", 2, "huan2"),
          ("{s}借的书还没还。", 1, "hai2"), ("{s}还不上钱了。", 1, "huan2"), ("{s}还完房贷了。", 1, "huan2"),
          ("{s}把书还回去了。", 1, "huan2"), ("{s}一直没还我钱。", 1, "huan2"), ("{s}得还人家的钱。", 1, "huan2"),
          ("{s}还在睡觉。", 1, "hai2"), ("{s}还没来。", 1, "hai2"), ("{s}还要一杯。", 1, "hai2"), ("{s}还是老样子。", 1, "hai2"),
          ("{s}还可以。", 1, "hai2"), ("{s}还想再玩一会儿。", 1, "hai2"), ("{s}还钱包给了警察。", 1, "huan2"),
          ("{s}还有很多作业。", 1, "hai2")),
    "为": (("{s}被选为班长。",1,"wei2"),("{s}成为了一名医生。",1,"wei2"),("{s}认为这样不对。",1,"wei2"),("{s}以为你不来了。",1,"wei2"),
       ("{s}为大家做了一顿饭。",1,"wei4"),("{s}为了考试每天熬夜。",1,"wei4"),("{s}因为下雨没出门。",1,"wei4"),("{s}为这件事操碎了心。",1,"wei4"),
       ("{s}把这里当作家，视为自己的第二故乡。",1,"wei2"),("{s}的身高为一米七。",1,"wei2"),("{s}为人很热情。",1,"wei2"),("{s}这样做是为你好。",1,"wei4"),
       ("{s}被评为优秀学生。",1,"wei2"),("{s}一直以他为榜样。",1,"wei2"),("{s}为什么不说话？",1,"wei4")),
    "重": (("{s}重新写了一遍。",1,"chong2"),("{s}把作业重做了一遍。",1,"chong2"),("{s}又重复了一次。",1,"chong2"),("{s}这个箱子很重。",1,"zhong4"),
       ("{s}的病很重。",1,"zhong4"),("{s}的口音很重。",1,"zhong4"),("{s}重说一遍吧。",1,"chong2"),("{s}把这段话重读了一遍。",1,"chong2"),
       ("{s}很重感情。",1,"zhong4"),("{s}有多重？",1,"zhong4"),("{s}又重新站了起来。",1,"chong2"),("{s}重来一次。",1,"chong2"),
       ("{s}下手太重了。",1,"zhong4"),("{s}受了重伤。",1,"zhong4"),("{s}把门重重地关上。",1,"zhong4")),
    "数": (("{s}数了数人数。",1,"shu3"),("{s}数了数人数。",3,"shu4"),("{s}在数钱。",1,"shu3"),("{s}数学很好。",1,"shu4"),
       ("{s}数一数有几个。",1,"shu3"),("{s}心里有数。",1,"shu4"),("{s}数不清有多少星星。",1,"shu3"),("{s}的数字写错了。",1,"shu4"),
       ("{s}数到十就出来。",1,"shu3"),("{s}在班里数第一。",1,"shu3"),("{s}说的这个数不对。",1,"shu4")),
    "干": (("{s}的衣服干了。",1,"gan1"),("{s}在干什么？",1,"gan4"),("{s}的嘴唇很干。",1,"gan1"),("{s}干活很卖力。",1,"gan4"),
       ("{s}把地擦干了。",1,"gan1"),("{s}干了一杯。",1,"gan1"),("{s}干得很好。",1,"gan4"),("{s}吃了几块饼干。",1,"gan1"),
       ("{s}不想干了。",1,"gan4"),("{s}把头发吹干了。",1,"gan1"),("{s}口干舌燥。",1,"gan1")),
    "倒": (("{s}摔倒了。",1,"dao3"),("{s}给我倒了一杯水。",1,"dao4"),("{s}把垃圾倒了。",1,"dao4"),("{s}倒车入库。",1,"dao4"),
       ("{s}被风吹倒了。",1,"dao3"),("{s}倒是挺聪明的。",1,"dao4"),("{s}把书拿倒了。",1,"dao4"),("{s}累倒了。",1,"dao3"),
       ("{s}倒了两趟车才到。",1,"dao3"),("{s}倒着走路。",1,"dao4")),
    "好": (("{s}好吃懒做。",1,"hao4"),("{s}很好学。",1,"hao4"),("{s}好面子。",1,"hao4"),("{s}爱好画画。",1,"hao4"),
       ("{s}身体很好。",1,"hao3"),("{s}好不容易才找到。",1,"hao3"),("{s}的爱好是唱歌。",1,"hao4"),("{s}好奇地看着我。",1,"hao4"),
       ("{s}喜好安静。",1,"hao4"),("{s}好打抱不平。",1,"hao4")),
    "行": (("{s}在这一行干了十年。",1,"hang2"),("{s}写了一行字。",1,"hang2"),("{s}排成一行。",1,"hang2"),("{s}坐在第三行。",1,"hang2"),
       ("{s}觉得这样不行。",1,"xing2"),("{s}行不行啊？",1,"xing2"),("{s}是这方面的行家。",1,"hang2"),("{s}和我是同行，都是医生。",1,"hang2"),
       ("{s}步行去学校。",1,"xing2"),("{s}把这行代码删了。",1,"hang2"),("{s}去银行取钱。",1,"hang2"),("{s}一行人到了北京。",1,"xing2")),
    "处": (("{s}很好相处。",1,"chu3"),("{s}到处找钥匙。",1,"chu4"),("{s}处理了这件事。",1,"chu3"),("{s}被处以罚款。",1,"chu3"),
       ("{s}在人事处工作。",1,"chu4"),("{s}的长处是细心。",1,"chu4"),("{s}和同事处得很好。",1,"chu3"),("{s}处处为别人着想。",1,"chu4")),
    "空": (("{s}今天没空。",1,"kong4"),("{s}有空就来玩。",1,"kong4"),("{s}的箱子是空的。",1,"kong1"),("{s}抬头看着天空。",1,"kong1"),
       ("{s}把这一行空出来。",1,"kong4"),("{s}抽空去看了看奶奶。",1,"kong4"),("{s}填了一个空。",1,"kong4"),("{s}两手空空地回来了。",1,"kong1")),
    "觉": (("{s}睡了一觉。",1,"jiao4"),("{s}觉得很累。",1,"jue2"),("{s}午觉睡得很香。",1,"jiao4"),("{s}没发觉有人进来。",1,"jue2"),
       ("{s}一觉睡到中午。",1,"jiao4"),("{s}的感觉很准。",1,"jue2"),("{s}该睡觉了。",1,"jiao4"),("{s}睡个好觉吧。",1,"jiao4")),
    "便": (("{s}买了一件便宜的衣服。",1,"pian2"),("{s}觉得很方便。",1,"bian4"),("{s}顺便买了瓶水。",1,"bian4"),("{s}便宜卖了。",1,"pian2"),
       ("{s}随便吃了点。",1,"bian4"),("{s}大腹便便的。",2,"pian2"),("{s}一到家便睡了。",1,"bian4"),("{s}不便多说。",1,"bian4")),
    "只": (("{s}养了一只猫。",1,"zhi1"),("{s}只吃了一口。",1,"zhi3"),("{s}买了两只鸡。",1,"zhi1"),("{s}只好回家了。",1,"zhi3"),
       ("{s}一只手拿着书。",1,"zhi1"),("{s}只是随便问问。",1,"zhi3"),("{s}船上只有三个人。",1,"zhi3"),("{s}形单影只。",1,"zhi1")),
    "种": (("{s}在院子里种了几棵树。",1,"zhong4"),("{s}喜欢这种颜色。",1,"zhong3"),("{s}种地种了一辈子。",1,"zhong4"),("{s}买了一包种子。",1,"zhong3"),
       ("{s}种的菜长得很好。",1,"zhong4"),("{s}各种办法都试过了。",1,"zhong3"),("{s}去医院种疫苗。",1,"zhong4"),("{s}是个有种的人。",1,"zhong3")),
    "看": (("{s}在家看孩子。",1,"kan1"),("{s}看了一场电影。",1,"kan4"),("{s}帮我看一下门。",1,"kan1"),("{s}看病去了。",1,"kan4"),
       ("{s}负责看守仓库。",1,"kan1"),("{s}看着我笑。",1,"kan4"),("{s}晚上要看店。",1,"kan1"),("{s}看护病人很细心。",1,"kan1")),
}
DONE = ("走", "说", "看着他", "笑了", "跑过去", "点了点头", "回答", "写着作业", "坐在那里", "把门关上")
COMPLEMENTS = ("很好", "不错", "太快", "清清楚楚", "满头大汗", "很认真", "特别小心", "非常仔细", "一塌糊涂", "很开心", "真好", "小心",
               "认真", "仔细")
ADVERBS = ("", "还", "就", "都", "也", "必须", "一定", "可", "总", "真")


def _reading(g2p, text: str, ch: str, nth: int = 1) -> str:
    """The frontend's reading of the nth `ch` of `text` (readings come one a Chinese character)."""
    hanzi = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return g2p.readings(text)[[k for k, c in enumerate(hanzi) if c == ch][nth - 1]]


def constructions():
    """Per construction: its name and its cases, (text, character, which occurrence, the reading a person gives)."""
    yield "得 'must' (dei3)", [(f"{s}{a}得{p}。", "得", 1, "dei3") for p in PREDICATES for s in SUBJECTS for a in ADVERBS]
    yield "the particle 得 (de5)", [(f"{s}{v}得{c}。", "得", 1, "de5") for v in VERBS for c in COMPLEMENTS
                                   for s in ("他", "大家", "孩子", "我们")]
    yield "the adverbial 地 (de5)", [(f"{s}{h}地{d}。", "地", 1, "de5") for h in HOW for d in DONE for s in ("他", "孩子们", "妈妈")]
    # (the 了 of V得了 / V不了: the first 了 of each frame)
    yield "the 了 of V得了 / V不了 (liao3)", [(s + f.format(v=v), "了", 1, "liao3") for v in CAN_VERBS for f, _ in CAN_FRAMES
                                           for s in ("他", "我们", "这个人")]
    yield "着 zhao2 / zhe5", [(f.format(s=s), "着", 1, want) for frames, want in ((ZHAO_FRAMES, "zhao2"), (ZHE_FRAMES, "zhe5"))
                             for f in frames for s in ("他", "我们", "孩子")]
    yield "words: " + " / ".join(WORD_FRAMES), [(f.format(s=s), ch, nth, want) for ch, frames in WORD_FRAMES.items()
                                              for f, nth, want in frames for s in ("他", "孩子", "我妹妹")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json")
    ap.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    args = ap.parse_args(argv)
    sys.path.insert(0, args.src)
    from ttsserve.frontend import MandarinFrontend

    g2p = MandarinFrontend().g2p
    out = {}
    for name, cases in constructions():
        misses = [{"text": text, "char": ch, "nth": nth, "want": want, "read": read} for text, ch, nth, want in cases
                  if (read := _reading(g2p, text, ch, nth)) != want]
        out[name] = {"total": len(cases), "misses": misses}
        print(f"{name}: {len(misses)} of {len(cases)} read otherwise", ("(" + ", ".join(
            f"{m['text']} {m['read']}" for m in misses[:10]) + ")") if misses else "")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
