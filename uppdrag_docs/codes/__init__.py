"""Every finding code of the tool, defined once: its severity, the guideline section, its meaning.

As yamllint keeps its rules, each code is one constant here, and the place that reports it
names the constant (`doc.finding(loc, codes.DUPLICATE_ID, message)`), so one code always means
one thing and a code cannot be mistyped. The README's table of checks and `uppdrag check
--koder` are generated from `REGISTRY`; a test keeps the README equal to it.

Codes are grouped: UD1xx the file and its schema, UD2xx the guideline's rules, UD3xx the money,
UD4xx the follow-up (uppföljningen: outcomes, likvärdighet and the förvaltning's bedömning).
"""

from uppdrag_docs.codes.decision import *  # noqa: F403  (each code is a name of `codes`)
from uppdrag_docs.codes.follow_up import *  # noqa: F403
from uppdrag_docs.codes.registry import REGISTRY as REGISTRY
from uppdrag_docs.codes.registry import Code as Code
from uppdrag_docs.codes.registry import table as table
