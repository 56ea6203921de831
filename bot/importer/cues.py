"""Words that mark a headline as an "ending explained" article's, shared by the parsers and
the title finder."""

from __future__ import annotations

import re

# What marks a line as an "ending explained" headline and not a section label or a kicker.
HEADLINE_CUE = re.compile(
    r"\b(?:ending|explained|spoilers?|twist|final scene|finale|what happens|meaning"
    # the same cue in French, Spanish, Italian, Portuguese, German headlines
    r"|expliqu[ée]e?|explication|explicad[oa]|explicación|spiegat[oa]|spiegazione|erklärt"
    r"|la fin|el final|o final|il finale|das ende|uitgelegd|verklaard|het einde"
    # Swedish, Danish, Norwegian: "slutet förklarat", "slutningen forklaret", "slutten forklart"
    r"|slutet|slutningen|slutten|förklara[dt]|forklar(?:et|t)"
    # Polish: "zakończenie wyjaśnione"
    r"|zako[ńn]czenie|wyja[śs]nion[aey]|wyja[śs]niamy)(?!\w)",
    re.I,
)
