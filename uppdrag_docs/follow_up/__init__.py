"""Uppföljning: the outcomes egenregin reports, their checks, and the assessment of måluppfyllelse.

The files of `shared/spec/uppfoljning.md` (reports, likvärdighet, förvaltningens bedömning) lie
in `uppfoljning/<uppdrag>/` beside `uppdrag/`. Each module of this package sits on the floor of
its counterpart for the uppdrag (see ARKITEKTUR.md): `periods` beside the reporting calendar,
`models` above the schema, `files` beside the repository, `consistency` beside `calculated`, and
the assessment and its warnings above them. This file imports nothing, so that importing one
module never brings another floor with it.
"""
