"""One box: a matter and a place typed together in the matter box, over the example
registry. Each case: the words, then the matter and the asset ``remit lookup WORDS`` (no
--asset) answers with, the asset None when the words left name no place; or "ambiguous"
and the words left when several places fit them alike. The lookup page, given the same
words in its matter box alone, must answer the same (tests/browser/test_browser_answer.py).
"""

from __future__ import annotations

#: (words, matter, asset | None | "ambiguous", the place words when ambiguous)
ONE_BOX: list[tuple[str, str | None, str | None, str | None]] = [
    ("D3路路灯不亮", "streetlight-out", "road-d3", None),
    ("D3路 路灯不亮", "streetlight-out", "road-d3", None),
    ("ｄ３路路灯不亮", "streetlight-out", "road-d3", None),  # full-width, as phones type
    ("路灯不亮D5路", "streetlight-out", "road-d5", None),
    ("路灯不亮 D3 路 2 回路", "streetlight-out", "slc-d3-2", None),  # the circuit's alias
    ("D3 路 1 号照明回路路灯不亮", "streetlight-out", "slc-d3-1", None),
    ("保税大道路灯不亮", "streetlight-out", "road-baoshui-avenue", None),
    ("lamp-d3a-004 路灯不亮", "streetlight-out", "lamp-d3a-004", None),
    ("B2路路面坑洼", "road-damage", "road-b2", None),  # an alias of the matter
    ("D3路北段道路破损", "road-damage", "road-d3-s2", None),
    ("保税大道东段井盖缺失", "road-damage", "road-baoshui-s2", None),
    ("综保区 D3 路道路破损", "road-damage", "road-d3", None),
    ("A1路垃圾未清运", "road-cleaning", "road-a1", None),
    ("园区专线停电", "power-outage", "power-10kv-park", None),
    # words that name no place: the matter alone answers
    ("路灯坏了怎么办", "streetlight-out", None, None),
    ("停电", "power-outage", None, None),
    # a matter with a fixed department: the place changes nothing
    ("电费过高 D3路", "electricity-cost", None, None),
    # every circuit has a lamp 001: the place is asked about
    ("路灯不亮 001 号灯", "streetlight-out", "ambiguous", "001 号灯"),
]
