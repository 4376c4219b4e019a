"""The detector's promises: grants are found, mentions are not, conflicts are reported."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.licenses import detect, detect_column

APACHE_HEADER = """# Copyright 2024 Example Org
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""


@pytest.mark.parametrize(
    ("text", "license_id", "evidence"),
    [
        ("# SPDX-License-Identifier: MIT\nimport os\n", "MIT", "spdx-tag"),
        ("/* SPDX-License-Identifier: GPL-2.0-or-later */\nint x;", "GPL-2.0-or-later", "spdx-tag"),
        ("-- SPDX-Licence-Identifier: Apache-2.0 OR MIT\n", "Apache-2.0 OR MIT", "spdx-tag"),
        ('LICENSE = "SPDX-License-Identifier: BSD-3-Clause"\n', "BSD-3-Clause", "spdx-tag"),
        ('"""Helpers.\n\n:license: MIT\n"""\n', "MIT", "spdx-tag"),
        (APACHE_HEADER + "import sys\n", "Apache-2.0", "header"),
        (
            "# This program is free software; you can redistribute it and/or modify\n"
            "# it under the terms of the GNU General Public License as published by\n"
            "# the Free Software Foundation; either version 3 of the License, or\n"
            "# (at your option) any later version.\n",
            "GPL-3.0-or-later",
            "header",
        ),
        (
            '<html><head><meta name="license" content="https://creativecommons.org/licenses/by-sa/4.0/">'
            "</head><body>An article.</body></html>",
            "CC-BY-SA-4.0",
            "html",
        ),
        (
            '<footer><a rel="license" href="http://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>'
            "</footer>",
            "CC-BY-4.0",
            "html",
        ),
        ("All text on this site is available under CC BY-NC 4.0.", "CC-BY-NC-4.0", "header"),
        # GNU grants in other wordings: the version, "only" and "or later" come from the sentence.
        (
            "# This program is free software: you can redistribute it and/or modify it\n"
            "# under the terms of the GNU Affero General Public License, version 3,\n"
            "# as published by the Free Software Foundation.\n",
            "AGPL-3.0-only",
            "header",
        ),
        (
            " * under the terms and conditions of the GNU Lesser General Public License,\n"
            " * version 2.1 or (at your option) any later version. This program is free software.",
            "LGPL-2.1-or-later",
            "header",
        ),
        (
            "Metadata-Version: 2.4\nLicense-Expression: MIT OR Apache-2.0\n",
            "MIT OR Apache-2.0",
            "spdx-tag",
        ),
        (
            'class Tide < Formula\n  license any_of: ["MIT", "Apache-2.0"]\nend\n',
            "MIT OR Apache-2.0",
            "spdx-tag",
        ),
        (
            '{"bomFormat": "CycloneDX", "metadata": {"component": {"name": "x",'
            ' "licenses": [{"license": {"id": "AGPL-3.0-only"}}]}},'
            ' "components": [{"name": "y", "licenses": [{"license": {"id": "MIT"}}]}]}',
            "AGPL-3.0-only",
            "spdx-tag",
        ),
        (
            '<span property="dct:license" resource="https://creativecommons.org/publicdomain/zero/1.0/">'
            "CC0</span>",
            "CC0-1.0",
            "html",
        ),
        (
            "Attribution-ShareAlike 4.0 International\n\n=====\n\n"
            'Creative Commons Corporation ("Creative Commons") is not a law firm',
            "CC-BY-SA-4.0",
            "header",
        ),
        (
            "Licensed under either of\n\n * Apache License, Version 2.0 (LICENSE-APACHE)\n"
            " * MIT license (LICENSE-MIT)\n\nat your option.",
            "Apache-2.0 OR MIT",
            "header",
        ),
    ],
)
def test_grants_are_detected(text: str, license_id: str, evidence: str) -> None:
    found = detect(text)
    assert (found.license, found.evidence) == (license_id, evidence), found
    assert found.span is not None and 0 <= found.span[0] < found.span[1] <= len(text)
    assert not found.conflict


@pytest.mark.parametrize(
    "text",
    [
        "We avoid GPL code here so that the library stays permissive.",
        "Unlike GPL code, this module can be vendored anywhere.",
        "readline is distributed under the GPL, so we do not link it.",
        "# SPDX-License-Identifier: {{ expression }}\n",
        '<figure><img src="cat.jpg"><figcaption>Photo by A. B., '
        '<a href="https://creativecommons.org/licenses/by/2.0/">CC BY 2.0</a></figcaption></figure>'
        "<p>Our own text.</p>",
        "What is the difference between the MIT and the Apache licence?",
        "A recipe for bread, with no licence at all.",
        # A notice that is data the program handles, in a string literal.
        'MIT_TEXT = """Permission is hereby granted, free of charge, to any person obtaining a copy'
        ' of this software and associated documentation files"""',
        # A list in prose, and a dependency's licence in a CycloneDX BOM.
        '"licenses": ["MIT", "Apache-2.0"] is how Packagist lists two options.',
        '{"bomFormat": "CycloneDX", "components": [{"licenses": [{"license": {"id": "MIT"}}]}]}',
        'Music: "Low Tide" by J. Berg, CC BY 4.0, https://creativecommons.org/licenses/by/4.0/',
        "This tool uses readline, which is distributed under the GNU GPL version 3.",
        "<dependency>\n  <artifactId>postgresql</artifactId>\n  <licenses><license>"
        "<name>BSD-2-Clause</name></license></licenses>\n</dependency>",
    ],
)
def test_mentions_are_not_grants(text: str) -> None:
    assert detect(text).license is None


def test_conflicting_signals_are_reported_not_resolved_silently() -> None:
    text = "# SPDX-License-Identifier: MIT\n" + APACHE_HEADER
    found = detect(text)
    assert found.license == "MIT" and found.evidence == "spdx-tag"
    assert found.conflict and "Apache-2.0" in found.notes
    assert found.confidence < detect("# SPDX-License-Identifier: MIT\n").confidence


def test_detect_column_skips_texts_without_keywords_and_keeps_order() -> None:
    texts = pl.Series(["plain text", "# SPDX-License-Identifier: MIT", None, APACHE_HEADER])
    frame = detect_column(texts)
    assert frame["text_license"].to_list() == [None, "MIT", None, "Apache-2.0"]
    assert frame["text_evidence"].to_list() == ["none", "spdx-tag", "none", "header"]


def test_cli_normalize_and_detect_write_one_line_per_input_line() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["licenses", "normalize"], input="Apache 2\n\nCC BY-SA\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0
    assert [line["license"] for line in lines] == [
        "Apache-2.0",
        None,
        "LicenseRef-CC-BY-SA-unversioned",
    ]
    assert [line["raw"] for line in lines] == ["Apache 2", "", "CC BY-SA"]
    stdin = json.dumps({"text": "# SPDX-License-Identifier: MIT"}) + "\nnot json\n"
    result = runner.invoke(main, ["licenses", "detect"], input=stdin)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["license"] == "MIT" and lines[0]["span"] == [2, 30]
    assert lines[1]["line"] == 2 and "error" in lines[1]


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        # GNU notices whose "or later" once read as -only or was lost (ScanCode notice rules).
        (
            "it under the terms of the GNU General Public License as published by\n"
            "the Free Software Foundation; either version 2, or (at your option)\n"
            "any later version.",
            "GPL-2.0-or-later",
        ),
        (
            "This program is free software; you can redistribute it and/or\n"
            "modify it under the terms of the GNU General Public License version\n"
            "2 as published by the Free Software Foundation, or (at your option)\n"
            "any later version.",
            "GPL-2.0-or-later",
        ),
        (
            "Licensed under the GNU General Public License Version 2.0 (or later).",
            "GPL-2.0-or-later",
        ),
        (
            "is a free software, distributed under the terms of the GNU General Public License"
            " GPLv2 or higher.",
            "GPL-2.0-or-later",
        ),
        ("Released under the GPLv3.", "GPL-3.0-only"),
        # Grants in other languages.
        ("Este proyecto está licenciado bajo la Licencia MIT.", "MIT"),
        ("Distribuito con licenza Apache 2.0.", "Apache-2.0"),
        (
            "Deze software is beschikbaar onder de MIT licentie.",
            "MIT",
        ),
        (
            "# This file is a part of Quasar.jl. License is MIT: https://example.org/LICENSE.md",
            "MIT",
        ),
    ],
)
def test_gnu_later_wording_and_translated_grants(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


TEXTS = Path(__file__).parent / "texts"


@pytest.mark.parametrize(
    ("name", "license_id"),
    [
        ("gpl-2.0", "GPL-2.0-only"),
        ("gpl-3.0", "GPL-3.0-only"),
        ("lgpl-2.1", "LGPL-2.1-only"),
        ("apache-1.1", "Apache-1.1"),
        ("openssl", "OpenSSL"),
        ("x11-xconsortium", "X11"),
        ("curl", "curl"),
        ("mit-0", "MIT-0"),
        ("json", "JSON"),
        ("bsd-new", "BSD-3-Clause"),
    ],
)
def test_a_whole_licence_text_is_that_licence_without_conflict(name: str, license_id: str) -> None:
    found = detect((TEXTS / f"{name}.txt").read_text(encoding="utf-8"))
    assert (found.license, found.conflict) == (license_id, False), found


def test_a_gnu_grant_before_the_licence_text_keeps_its_or_later() -> None:
    gpl_text = (TEXTS / "gpl-2.0.txt").read_text(encoding="utf-8")
    header = (
        "/* This program is free software; you can redistribute it and/or modify it under the\n"
        " * terms of the GNU General Public License as published by the Free Software\n"
        " * Foundation; either version 2 of the License, or (at your option) any later version.\n"
        " */\n"
    )
    found = detect(header + gpl_text)
    assert (found.license, found.conflict) == ("GPL-2.0-or-later", False)
    # The same licence text after a grant of another licence is a conflict, not silently read.
    assert detect(APACHE_HEADER + gpl_text).conflict


def test_bsd_endorsement_clause_in_other_words_is_still_three_clauses() -> None:
    text = (
        "Redistribution and use in source and binary forms, with or without\n"
        "modification, are permitted provided that the following conditions are met:\n\n"
        "* Redistributions of source code must retain the above copyright notice, this\n"
        "  list of conditions and the following disclaimer.\n\n"
        "* Redistributions in binary form must reproduce the above copyright notice,\n"
        "  this list of conditions and the following disclaimer in the documentation\n"
        "  and/or other materials provided with the distribution.\n\n"
        "* Neither the name of the copyright holders, nor those of its contributors\n"
        "  may be used to endorse or promote products derived from this software without\n"
        "  specific prior written permission.\n"
    )
    assert detect(text).license == "BSD-3-Clause"


def test_prose_starting_with_the_word_license_is_not_a_tag() -> None:
    text = (
        "The document modguide.tex explains why distributing LaTeX under the GNU General Public\n"
        "License (GPL) was considered inappropriate.\n"
    )
    assert detect(text).license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "Dieses Programm ist freie Software. Sie können es unter den Bedingungen der GNU\n"
            "General Public License, wie von der Free Software Foundation veröffentlicht,\n"
            "weitergeben und/oder modifizieren, entweder gemäß Version 3 der Lizenz oder (nach\n"
            "Ihrer Option) jeder späteren Version.",
            "GPL-3.0-or-later",
        ),
        (
            "Ce programme est un logiciel libre ; vous pouvez le redistribuer ou le modifier\n"
            "suivant les termes de la GNU General Public License telle que publiée par la Free\n"
            "Software Foundation ; soit la version 2 de la licence, soit (à votre gré) toute\n"
            "version ultérieure.",
            "GPL-2.0-or-later",
        ),
        (
            "Este programa es software libre: usted puede redistribuirlo y/o modificarlo bajo los\n"
            "términos de la Licencia Pública General GNU publicada por la Fundación para el\n"
            "Software Libre, ya sea la versión 3 de la Licencia, o (a su elección) cualquier\n"
            "versión posterior.",
            "GPL-3.0-or-later",
        ),
        (
            "% This work may be distributed and/or modified under the\n"
            "% conditions of the LaTeX Project Public License, either version 1.3c\n"
            "% of this license or (at your option) any later version.\n",
            "LPPL-1.3c",
        ),
        (
            '(define collection "chart")\n(define license \'(Apache-2.0 OR MIT))\n',
            "Apache-2.0 OR MIT",
        ),
        ('class PySlate(PythonPackage):\n    license("BSD-3-Clause")\n', "BSD-3-Clause"),
        ("本ソフトウェアは MIT ライセンスの下で公開されています。", "MIT"),
        (
            "Esta obra está bajo una Licencia Creative Commons Atribución-CompartirIgual 4.0 "
            "Internacional.",
            "CC-BY-SA-4.0",
        ),
        (
            "This software was developed by employees of the National Institute of Standards and\n"
            "Technology (NIST). Pursuant to title 17 United States Code Section 105, works of NIST\n"
            "employees are not subject to copyright protection in the United States.",
            "LicenseRef-Public-Domain-US",
        ),
        ("-- Dit bestand is vrijgegeven in het publieke domein.\n", "LicenseRef-Public-Domain"),
    ],
)
def test_translated_notices_metadata_calls_and_public_domain(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    "text",
    [
        "本ソフトウェアは GPL ライセンスとは互換性がありません。",
        "licenses:\n  - MIT\n  - Apache-2.0\n# ^ accepted licences for third-party actions\n",
        "# licences the checker allows\nlicenses:\n  - MIT\n  - BSD-3-Clause\n",
    ],
)
def test_a_licence_policy_or_a_compatibility_remark_is_not_a_grant(text: str) -> None:
    assert detect(text).license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("# tool\n\nDoes things.\n\n## License\n\nMIT\n\n### Third-party licenses\n", "MIT"),
        ("## License\n\n[MIT](LICENSE) © 2020 Jane Doe\n", "MIT"),
        ("License\n-------\nHangStopper is licensed under the MIT license.\n", "MIT"),
        (
            "## Licence\n\nCe projet est sous **GNU General Public License v3.0** : voir [LICENSE](LICENSE)\n",
            "GPL-3.0-only",
        ),
        (
            "## ライセンス\n\n**CC BY-NC 4.0**（権利者: 研究所）。全文は [LICENSE](LICENSE)。\n",
            "CC-BY-NC-4.0",
        ),
        (
            "## Changed\n- Changed the license from `LGPLv3` to `LGPLv2.1 or later`\n",
            "LGPL-2.1-or-later",
        ),
        (
            "* Changed the license from AGPL-3.0-or-later to dual MIT OR Apache-2.0.\n",
            "MIT OR Apache-2.0",
        ),
        (
            "MIT License\n\nThis code was originally published under the Apache 2.0 License in 2021.\n"
            "In 2025, it has been relicensed under the MIT License.\n",
            "MIT",
        ),
        ("s.license = { :type => 'MIT', :text => <<-LICENSE\n  Copyright\n  LICENSE\n", "MIT"),
        ("## License Compliance\n\n**Primary License:** AGPL-3.0\n", "AGPL-3.0-only"),
        ("Dual licensed under the MIT and GPL licenses.\n", "MIT OR LicenseRef-GPL-unversioned"),
        (
            "#   bsd.sgml.mk - 8 Sep 1995 John Fieber\n#   This file is in the public domain.\n",
            "LicenseRef-Public-Domain",
        ),
        (
            "Business Source License 1.1\n\nTerms\n\nThe Licensor hereby grants you the right to copy,"
            " modify, create derivative\nworks, redistribute, and make non-production use.\n",
            "BUSL-1.1",
        ),
    ],
)
def test_readme_sections_changelogs_and_other_real_phrasings(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


def test_links_to_the_licences_a_grant_names_are_not_a_conflict() -> None:
    text = (
        "* Dual licensed under the MIT or GPL licenses:\n"
        " * https://www.opensource.org/licenses/mit-license.php\n"
        " * https://www.gnu.org/licenses/gpl.html\n"
    )
    found = detect(text)
    assert (found.license, found.conflict) == ("MIT OR LicenseRef-GPL-unversioned", False)


@pytest.mark.parametrize(
    "text",
    [
        "## License\n\nThis project uses libfoo, which depends on GPL code.\n",
        "## License\n\nSee [LICENSE](LICENSE).\n",
        "Should we switch the license from MIT to GPL?\n",
        '<meta name="dc.rights" content="This is not a work of the United States Government.">',
    ],
)
def test_sections_and_phrasings_that_grant_nothing(text: str) -> None:
    assert detect(text).license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            " * This program is free software; you can redistribute it and/or modify it under the\n"
            " * terms of version 2 of the GNU General Public License as published by the Free\n"
            " * Software Foundation.\n",
            "GPL-2.0-only",
        ),
        (
            "This is free software; you can redistribute it and/or modify it under the same\n"
            "terms as perl itself.\n",
            "Artistic-1.0-Perl OR GPL-1.0-or-later",
        ),
        ("This project is MIT licensed.\n", "MIT"),
        ("This library is Apache-2.0-licensed.\n", "Apache-2.0"),
        (
            "This software is licensed to you under the GNU General Public License as published by\n"
            "the Free Software Foundation; either version 2 of the License (GPLv2) or (at your\n"
            "option) any later version.\n",
            "GPL-2.0-or-later",
        ),
        (
            "we waive copyright and related rights in the work worldwide through the CC0 1.0\n"
            "Universal public domain dedication.\n",
            "CC0-1.0",
        ),
    ],
)
def test_more_grant_wordings(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    "text", ["zig, which is MIT licensed, is used here.\n", "It is not GPL licensed.\n"]
)
def test_an_adjective_grant_about_another_thing_is_a_mention(text: str) -> None:
    assert detect(text).license is None


GPL3_LATER = (
    "# This program is free software: you can redistribute it and/or modify it under the terms\n"
    "# of the GNU General Public License as published by the Free Software Foundation, either\n"
    "# version 3 of the License, or (at your option) any later version.\n"
)


def test_an_exception_granted_beside_a_gnu_notice_is_part_of_the_licence() -> None:
    runtime = (
        "#\n# Under Section 7 of GPL version 3, you are granted additional permissions described\n"
        "# in the GCC Runtime Library Exception, version 3.1, as published by the FSF.\n"
    )
    found = detect(GPL3_LATER + runtime)
    assert found.license == "GPL-3.0-or-later WITH GCC-exception-3.1"
    # an exception for another licence family, or an SPDX tag, is left as it is
    assert detect(APACHE_HEADER + runtime).license == "Apache-2.0"
    tagged = "# SPDX-License-Identifier: GPL-3.0-or-later\n" + GPL3_LATER + runtime
    assert detect(tagged).license == "GPL-3.0-or-later"


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "Except as otherwise noted, the content of this page is licensed under the Creative"
            " Commons Attribution 4.0 License, and code samples are licensed under the Apache 2.0"
            " License.",
            "CC-BY-4.0 AND Apache-2.0",  # different parts under different licences: both apply
        ),
        (
            "Site design / logo © 2024 Stack Exchange Inc; user contributions licensed under CC BY-SA.",
            "LicenseRef-CC-BY-SA-unversioned",
        ),
        (
            "Community content is available under CC-BY-SA unless otherwise noted.",
            "LicenseRef-CC-BY-SA-unversioned",
        ),
    ],
)
def test_web_page_footers(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)\n\nThis is a human-readable"
            " summary of (and not a substitute for) the [license](https://example.org/legalcode).",
            "CC-BY-SA-4.0",
        ),
        (
            "// You may not use this file except in compliance with the License.\n"
            "// You may obtain a copy of the License at\n//\n"
            "//      http://www.apache.org/licenses/LICENSE-2.0\n",
            "Apache-2.0",
        ),
        (
            "// Licensed under the Apache License, Version 2.0 <LICENSE-APACHE or\n"
            "// http://www.apache.org/licenses/LICENSE-2.0> or the MIT license\n"
            "// <LICENSE-MIT or http://opensource.org/licenses/MIT>, at your option.\n",
            "Apache-2.0 OR MIT",
        ),
        (
            "Este programa é software livre: você pode redistribuí-lo e/ou modificá-lo sob os termos"
            " da Licença Pública Geral GNU, conforme publicada pela Free Software Foundation, seja a"
            " versão 3 da Licença, ou (a seu critério) qualquer versão posterior.",
            "GPL-3.0-or-later",
        ),
        ("Этот проект распространяется под лицензией MIT.", "MIT"),
        ("## 기여 방법\n\nFork.\n\n## 라이선스\n\nMIT\n", "MIT"),
        (
            "> Special K is free software: you can redistribute it and/or modify\n"
            "> it under the terms of the GNU General Public License as published by\n"
            "> the Free Software Foundation, either version 3 of the License, or\n"
            "> (at your option) any later version.\n",
            "GPL-3.0-or-later",
        ),
        (
            "// Copyright (c) 2014 - 2018 Apple Inc. and the Swift project authors\n"
            "// Licensed under Apache License v2.0 with Runtime Library Exception\n",
            "Apache-2.0 WITH Swift-exception",
        ),
        (
            "# Licencia MIT\n\nPor la presente se otorga permiso, libre de cargos, a cualquier persona"
            " que obtenga una copia de este software",
            "MIT",
        ),
    ],
)
def test_real_headers_deeds_and_translations(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    "text",
    [
        '## Example\n\n```toml\n[package]\nname = "packagename"\nlicense = "Apache-2.0"\n```\n',
        "## MIT License Header\n\n```\n// SPDX-License-Identifier: MIT\n```\n",
        "Third party licenses\n====================\n\nThis software uses: foo\n\n"
        "Licensed under the MIT License.\n",
        "Reviewer note: the header says 'Licensed under the Apache License' but gives no version.",
    ],
)
def test_examples_in_code_fences_and_third_party_notice_files_grant_nothing(text: str) -> None:
    assert detect(text).license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "The code in this repository is released under the MIT License. The model weights are"
            " released under CC BY-NC 4.0.",
            "MIT AND CC-BY-NC-4.0",
        ),
        ("The model weights are licensed under CC BY-NC 4.0.", "CC-BY-NC-4.0"),
        ("Photos are licensed under CC BY-SA 4.0.", None),  # a credit, not the document's
        ("Wikipedia text is available under CC BY-SA; this summary is our own.", None),
    ],
)
def test_parts_of_a_project_under_different_licences(text: str, license_id: str | None) -> None:
    found = detect(text)
    assert (found.license, found.conflict) == (license_id, False)


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "// Use of this source code is governed by the Apache License, Version 2.0.",
            "Apache-2.0",
        ),
        ("This project is under the Apache License 2.0 - see the LICENSE file.", "Apache-2.0"),
        ("Distributed under the OSI-approved BSD 3-Clause License.", "BSD-3-Clause"),
    ],
)
def test_governed_by_and_is_under(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    "text",
    [
        "The project is under development.",
        "Readline is under the GPL.",
    ],
)
def test_style_licences_and_other_subjects_are_not_grants(text: str) -> None:
    assert detect(text).license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            ";! Ce programme est un logiciel libre ; vous pouvez le redistribuer           !\n"
            ";! et/ou le modifier conformement aux dispositions de la Licence Publique     !\n"
            ";! Generale GNU, telle que publiee par la Free Software Foundation ;          !\n"
            ";! version 3 de la licence, ou encore (a votre choix) toute version ulterieure.\n",
            "GPL-3.0-or-later",
        ),
        (
            "(*  All rights reserved. This file is distributed under the terms of the  *)\n"
            "(*  GNU Lesser General Public License version 2.1, with the special       *)\n"
            "(*  exception on linking described in the file LICENSE.                   *)\n",
            "LGPL-2.1-only WITH OCaml-LGPL-linking-exception",
        ),
        (
            "## ライセンス\n\nこのプロジェクトは[MITライセンス](http://opensource.org/licenses/MIT)"
            "のもとで公開されています。",
            "MIT",
        ),
        ("## 许可证\n\n本项目采用 [GNU 通用公共许可证 v3.0](LICENSE) 发布。\n", "GPL-3.0-only"),
        ("### Licensing Information\n\nCC-BY-NC\n", "LicenseRef-CC-BY-NC-unversioned"),
        (
            "- **Licence: GPL-3.0-or-later.** Full verbatim GPLv3 text in `LICENSE`.\n",
            "GPL-3.0-or-later",
        ),
    ],
)
def test_comment_boxes_cjk_and_card_sections(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    "text",
    [
        "## Credits\n\nSource: [howler.js](https://howlerjs.com/)\nLicense: MIT\n",
        "- File: `bust.glb`\n- Source: https://example.org/bust\n- License: CC-BY-3.0\n",
        'def test_agpl_rejected():\n    assert denied(fields({"license": "GNU Affero General'
        ' Public License v3"}))\n',
        "# License Information\n\n## MIT License\n**Pros:**\n- Permissive\n",
    ],
)
def test_credits_json_in_code_and_licence_guides_grant_nothing(text: str) -> None:
    assert detect(text).license is None


@pytest.mark.parametrize(
    "text",
    [
        'ImGui.TextWrapped("This plugin uses FFmpeg to handle video encoding. FFmpeg is free'
        ' software licensed under the GNU General Public License (GPLv2).");',
        "<h3>Third-Party Software Notices:</h3>\n<p>FFmpeg is licensed under the"
        " <a href='https://www.gnu.org/licenses/gpl-3.0.html'>GNU GPL v3</a>.</p>",
        'attributions: new ol.Attribution({\n  html: \'Boundaries <a rel="license"'
        ' href="http://creativecommons.org/licenses/by/3.0/de/">(CC BY 3.0 DE)</a>\'\n})',
    ],
)
def test_dependencies_notices_and_map_credits_in_code_grant_nothing(text: str) -> None:
    assert detect(text).license is None


def test_a_site_footer_with_a_credit_class_still_grants() -> None:
    footer = (
        '<p class="text-muted credit">Blog posts are published under a <a rel="license"'
        ' href="https://creativecommons.org/licenses/by-nc-sa/4.0/">CC BY-NC-SA 4.0</a> licence.</p>'
    )
    assert detect(footer).license == "CC-BY-NC-SA-4.0"


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "# Legit.jl -- Convert French law\n#\n# Copyright (C) 2015 Etalab\n#\n"
            '# The Legit.jl package is licensed under the MIT "Expat" License.\n',
            "MIT",
        ),
        ("# HangStopper\n\nStuff.\n\nHangStopper is licensed under the MIT license.\n", "MIT"),
        ("# foo\n\nfoo uses readline; readline is distributed under the GPL.\n", None),
        ("readline is distributed under the GPL, so we do not link it.", None),
    ],
)
def test_a_grant_whose_subject_is_the_documents_own_name(text: str, license_id: str | None) -> None:
    assert detect(text).license == license_id


def test_a_copyright_line_that_names_its_licence() -> None:
    text = "#!/bin/bash\n\n# (c) 2018 Doug Rogers under Zero Clause BSD License. See LICENSE.txt.\n"
    assert detect(text).license == "0BSD"
    assert detect("(c) 2020 Jane, who works under the GPL license at Acme.").license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("## Lisensi\n\nLGPL-2.1 — sama dengan FreeCAD.\n", "LGPL-2.1-only"),
        (
            "## Giấy phép\n\nDự án sử dụng giấy phép **GPL v2**, phù hợp với Linux kernel.\n",
            "GPL-2.0-only",
        ),
        ("## Άδεια\n\nGPL-3.0\n\nΓια λεπτομέρειες δείτε το αρχείο LICENSE.\n", "GPL-3.0-only"),
        ("<?php\n/*\n * WebUseOrg3\n * Лицензия: GPL-3.0\n */\n", "GPL-3.0-only"),
        ("-- ライセンス: CC BY-NC-SA 4.0\n", "CC-BY-NC-SA-4.0"),
        ("# Licença: EUPL-1.2\n", "EUPL-1.2"),
    ],
)
def test_licence_sections_and_labels_in_more_languages(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


def test_struck_through_text_grants_nothing() -> None:
    text = "2. ~~**The glossary's CC BY 4.0 license**~~ — verified and removed from this list.\n"
    assert detect(text).license is None


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "<!--\n  mini-lsm-book © 2022-2025 by Alex Chi Z is licensed under CC BY-NC-SA 4.0\n-->",
            "CC-BY-NC-SA-4.0",
        ),
        ("## 📝 라이선스\n이 프로젝트는 MIT 라이선스를 따릅니다.\n", "MIT"),
        (
            " * Questo programma è software libero: puoi ridistribuirlo e/o modificarlo\n"
            " * secondo i termini della GNU Affero General Public License pubblicata dalla\n"
            " * Free Software Foundation, sia la versione 3 della licenza, sia (a tua scelta)\n"
            " * qualsiasi versione successiva.\n",
            "AGPL-3.0-or-later",
        ),
        (
            "## Licentie\n\nDit programma is vrije software gelicenseerd onder GPL v3.\n",
            "GPL-3.0-only",
        ),
    ],
)
def test_cc_marking_korean_italian_dutch(text: str, license_id: str) -> None:
    assert detect(text).license == license_id


def test_detect_column_finds_the_same_as_detect_text_by_text() -> None:
    """detect_column finds keyword offsets for all texts at once; the answers must not change."""
    texts = [
        "# SPDX-License-Identifier: MIT\n",
        APACHE_HEADER + "x = 1\n",
        "## Licença\n\nEste projeto está licenciado sob a licença MIT.\n",  # not ASCII
        "plain text with no keyword",
        "readline is distributed under the GPL, so we do not link it.",
    ]
    column = detect_column(pl.Series(texts))["text_license"].to_list()
    assert column == [detect(text).license for text in texts]


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (" * AUTHOR AND ORGANISATION:\n * Sammy Hegab\n *\n * LICENCE:\n * MIT\n", "MIT"),
        ("- **Licença:** MIT\n", "MIT"),
        (
            "ライセンス：GPL-3.0-or-later。元のBlenderアドオンと同じ条件を使用します。",
            "GPL-3.0-or-later",
        ),
        ("Licencia: Distribuido bajo la Licencia MIT. Se permite el uso comercial.", "MIT"),
        (
            "## 💎 使用しているライブラリ\n\n### pywebview 5.4\nライセンス：  BSD-3-Clause license\n",
            None,
        ),
        ("license:\n  - MIT\n  - BSD-3-Clause\n# accepted licences\n", None),
    ],
)
def test_labels_in_other_languages_and_library_sections(text: str, license_id: str | None) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        # test code: licences in its string literals are fixtures
        (
            'def test_mit_is_read():\n    assert read("This project is released under the MIT License.") == "MIT"\n',
            None,
        ),
        (
            'fn parses() {\n    let tag = "// SPDX-License-Identifier: BSD-2-Clause";\n'
            '    assert_eq!(read(tag), Some("BSD-2-Clause"));\n}\n',
            None,
        ),
        # a manifest embedded in a program is the embedded package's licence
        ("const DESCRIPTION = `Package: demo\nVersion: 1.0\nLicense: GPL-3\n`;\n", None),
        # outside tests, an about box or a docstring is the program's own notice
        (
            'about.setText("This program is free software: you can redistribute it and/or '
            "modify it under the terms of the GNU General Public License as published by the "
            "Free Software Foundation, either version 3 of the License, or (at your option) "
            'any later version.");\n',
            "GPL-3.0-or-later",
        ),
        (
            '"""Plotting helpers.\n\nLicensed under the Apache License, Version 2.0.\n"""\n',
            "Apache-2.0",
        ),
    ],
)
def test_licences_in_string_literals_of_tests_and_embedded_manifests(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("A tiny HTTP router for Go, released under the MIT License.\n", "MIT"),
        (
            '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/"><img alt="Creative'
            '\nCommons Lizenzvertrag" src="img/cc.png"/></a><br/>Dieses Werk ist lizenziert unter '
            "einer Creative Commons Namensnennung 4.0 International Lizenz.",
            "CC-BY-4.0",
        ),
        (
            'This work is licensed under a #link("https://creativecommons.org/licenses/by-sa/4.0/")'
            "[Creative Commons Attribution-ShareAlike 4.0 International License].",
            "CC-BY-SA-4.0",
        ),
        (
            "Quest'opera è distribuita con Licenza Creative Commons Attribuzione 4.0 "
            "Internazionale.",
            "CC-BY-4.0",
        ),
        ("- **ライセンス：** MIT OR Apache-2.0\n- **言語：** Rust\n", "MIT OR Apache-2.0"),
        ("    🔗 LICENSE: MIT License\n", "MIT"),
        ("/++\n + Authors: Jane Roe\n + License: Simplified BSD license\n +/\n", "BSD-2-Clause"),
        ("[![Licentie: MIT](https://img.shields.io/badge/licentie-MIT-blue)](LICENSE)\n", "MIT"),
        # examples, list members and credits grant nothing
        (
            '## Example\n```html\n<script type="application/ld+json">\n{"@type": "Dataset", '
            '"license": "https://creativecommons.org/licenses/by/4.0/"}\n</script>\n```\n',
            None,
        ),
        ('      "version": "1.2.0",\n      "license": "(MIT AND Zlib)"\n    },\n', None),
        ('## Music ##\n\n"Night Drive" by Jane Roe\nLicensed under CC BY 4.0\n', None),
    ],
)
def test_taglines_choosers_labels_and_what_stays_an_example(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        # records about another project, quotations and credits grant nothing
        ("## fastjson 2.1\n\n- Provider: Example Corp\n- License: Apache-2.0\n", None),
        (
            "- Repository: <https://example.org/x/y>\n- License: MIT\n- Checked at commit abc123\n",
            None,
        ),
        (
            "The publisher's page says:\n\n> \"This work is licensed under a Creative Commons "
            'Attribution 4.0 International License."\n',
            None,
        ),
        (
            "* Artist: Jane Roe\n* Link: https://creativecommons.org/licenses/by/4.0/\n",
            None,
        ),
        # inline markup inside a notice, Chinese grants
        (
            "Quest'opera è distribuita con Licenza Creative Commons Attribuzione - <span>Condividi"
            " allo stesso modo 4.0 Internazionale</span>.",
            "CC-BY-SA-4.0",
        ),
        ("## 许可\n\nFooDB 遵循 Apache 2.0 许可。\n", "Apache-2.0"),
        ("本專案基於 MIT 授權條款，歡迎使用。\n", "MIT"),
        # a project's own fact list keeps its licence
        ("- Homepage: https://example.org\n- License: MIT\n- Version: 1.0\n", "MIT"),
    ],
)
def test_records_about_other_projects_quotations_and_chinese_grants(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


def test_bsd_style_is_the_bsd_family_and_mit_style_stays_unknown() -> None:
    # "BSD-style" says which family, not which clauses (Go's header); "MIT-style" names no
    # family of its own.
    go = "// Use of this source code is governed by a BSD-style license in the LICENSE file."
    assert detect(go).license == "LicenseRef-BSD-unversioned"
    assert detect("// This code is released under an MIT-style license.").license is None


def test_a_reuse_toml_annotation_is_an_spdx_tag() -> None:
    text = '[[annotations]]\npath = "doc/*"\nSPDX-License-Identifier = "CC0-1.0"\n'
    assert (detect(text).license, detect(text).evidence) == ("CC0-1.0", "spdx-tag")


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            " * The contents of this file are subject to the Common Public Attribution License "
            'Version 1.0 (the "License"); you may not use this file except in compliance.',
            "CPAL-1.0",
        ),
        (
            '<a href="LICENSE"><img src="https://img.shields.io/badge/license-Apache%202.0-green"'
            ' alt="License"></a>',
            "Apache-2.0",
        ),
        ("要件: JDK 17+。ライセンス: Apache-2.0（上流に合わせています）。", "Apache-2.0"),
    ],
)
def test_exhibit_a_notices_badge_images_and_labels_after_a_full_stop(
    text: str, license_id: str
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("/*\n * MyCPU is freely redistributable under the MIT License.\n */\n", "MIT"),
        ("/* This program uses zlib.\n * zlib is licensed under the zlib license. */\n", None),
        ("## Licence\n\nTento projekt je licencován pod licencí MIT.\n", "MIT"),
        ("Ten projekt jest udostępniony na licencji MIT.\n", "MIT"),
        ("## Giấy Phép (License)\n\nMã nguồn được phân phối dưới giấy phép MIT.\n", "MIT"),
        (
            "# Developed by employees of the US Naval Research Laboratory. Pursuant to title 17"
            " section 105 of the United States Code, works of NRL employees are not subject to"
            " copyright protection.\n",
            "LicenseRef-Public-Domain-US",
        ),
        (
            " * This software was developed at the National Institute of Standards and\n * "
            "Technology by employees of the Federal Government in the course of\n * their official"
            " duties. Pursuant to title 17 Section 105 of the United\n * States Code this software"
            " is not subject to copyright protection and is\n * in the public domain.\n",
            "NIST-PD",
        ),
    ],
)
def test_header_names_more_languages_and_us_government_works(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "Datenlizenz Deutschland – Namensnennung – Version 2.0\n\n(1) Jede Nutzung ist",
            "DL-DE-BY-2.0",
        ),
        ('<dct:license rdf:resource="https://creativecommons.org/licenses/by/4.0/"/>', "CC-BY-4.0"),
        ("Het werk in deze repo valt onder de EUPL-1.2 licentie.", "EUPL-1.2"),
        (
            "## Licença\n\nLicenciado ao abrigo da Licença Pública da União Europeia v1.2.",
            "EUPL-1.2",
        ),
        ("The library is distributed under the Apache License 2.0.", "Apache-2.0"),
        (
            "## Data sources and licences\n\n- Ratings: Example Agency, "
            "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/"
            "open-government-licence/version/3/)\n",
            None,
        ),
    ],
)
def test_european_public_sector_licences_and_data_source_sections(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            'classifiers = [\n  "Intended Audience :: Developers",\n  "License :: OSI Approved :: MIT License",\n]\n',
            "MIT",
        ),
        ('ALLOWED = {"License :: OSI Approved :: MIT License": True}\n', None),
        (
            "<license.licenseName>GNU General Public License v2+</license.licenseName>",
            "GPL-2.0-or-later",
        ),
        ('" Vim syntax file\n" License:      Vim license\n', "Vim"),
        ('X = Y.replace(\n    "  license: MIT\\n",\n)\n', None),
        (
            "This library is released under the terms of the GNU Lesser General Public License"
            " version 2.1, or, at your option, any later version.",
            "LGPL-2.1-or-later",
        ),
        (
            "dnl This file is free software; the Free Software Foundation\ndnl gives unlimited "
            "permission to copy and/or distribute it,\ndnl with or without modifications, as long"
            " as this notice is preserved.\n",
            "FSFULLR",
        ),
        (
            "  Copying and distribution of this file, with or without modification,\n  are "
            "permitted in any medium without royalty provided the copyright\n  notice and this "
            "notice are preserved.  This file is offered as-is,\n  without any warranty.\n",
            "FSFAP",
        ),
        (
            "## License\n\nFoo was written by Jane Roe.\n\nFoo is released under the MIT license.\n",
            "MIT",
        ),
    ],
)
def test_manifest_classifiers_vim_labels_fsf_notices_and_later_sections(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("ライセンス：\nMITライセンス。変更、活用ご自由にどうぞ。\n", "MIT"),
        ("<p><b>Licença:</b> GPL v3</p>\n", "GPL-3.0-only"),
        ("    <span>Idioma: português</span>\n    <span>Licença: MIT</span>\n", "MIT"),
        (
            "Licencia: Distribuido bajo la Licencia MIT. Se permite el uso comercial, la "
            "modificación, la distribución y el uso privado.",
            "MIT",
        ),
        ('license: "© 2024 Example Inc. CC BY-NC-SA 4.0"\n', "CC-BY-NC-SA-4.0"),
    ],
)
def test_labels_in_html_on_the_next_line_and_with_a_sentence_after(
    text: str, license_id: str
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("We release the data under CC-BY-4.0 which complies with the court's terms.", "CC-BY-4.0"),
        ("We use data released under CC BY 4.0.", None),
        (
            "This model is released under the [Creative Commons 4.0 International License]"
            "(https://creativecommons.org/licenses/by-nc-sa/4.0/).",
            "CC-BY-NC-SA-4.0",
        ),
    ],
)
def test_first_person_releases_and_a_creative_commons_name_beside_its_deed(
    text: str, license_id: str | None
) -> None:
    found = detect(text)
    assert (found.license, found.conflict) == (license_id, False)


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        # a run of `#` comment lines is not a Markdown "Library" heading
        (
            "#  This program is free software; you can redistribute it and/or\n#  modify it under"
            " the terms of the GNU Library General Public\n#  License as published by the Free "
            "Software Foundation; either\n#  version 2 of the License, or (at your option) any "
            "later version.\n",
            "LGPL-2.0-or-later",
        ),
        (
            "license\nLicensed under the GNU General Public License Version 2.0 (or later);\n",
            "GPL-2.0-or-later",
        ),
        (
            "License\n\nThis project is licensed under the Apache 2.0 license with the LLVM "
            "exception.\n",
            "Apache-2.0 WITH LLVM-exception",
        ),
        # a header template a program writes into files is data
        (
            'mpl2_header = """\n// This Source Code Form is subject to the terms of the Mozilla'
            '\n// Public License v. 2.0.\n"""\n',
            None,
        ),
    ],
)
def test_comment_blocks_sections_with_or_later_and_header_templates(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        ("Source: Example Maps, building outlines\nLicensed under the ODbL 1.0.\n", None),
        ('      "name": "SomeSet",\n      "license": "CC-BY-NC-4.0",\n      "paper": "x"\n', None),
        ('    "copyright": "Copyright 2026 Jane Roe",\n    "license": "MIT",\n', "MIT"),
    ],
)
def test_grants_under_a_source_line_and_nested_json_fragments(
    text: str, license_id: str | None
) -> None:
    assert detect(text).license == license_id


@pytest.mark.parametrize(
    "text",
    [
        "I see that this project is under the MIT license. But one class is GPL, I think.",
        "I was pleased to see foo is licensed under MIT. One dependency is GPL3.",
    ],
)
def test_a_licence_reported_in_a_discussion_is_not_granted(text: str) -> None:
    assert detect(text).license is None


def test_a_family_grant_made_precise_by_the_url_after_it() -> None:
    text = (
        " * This file must be used under the terms of the CeCILL.\n * The terms are also "
        "available at\n * http://www.cecill.info/licences/Licence_CeCILL_V2.1-en.txt\n"
    )
    assert detect(text).license == "CECILL-2.1"


@pytest.mark.parametrize(
    ("text", "license_id"),
    [
        (
            "Documentation is licensed under a Creative Commons Attribution 4.0 International "
            "License\nSoftware is licensed under a GNU GPL v3 License\n",
            "CC-BY-4.0 AND GPL-3.0-only",
        ),
        (
            "All code unless otherwise noted is licensed under the terms of the MIT License.\n"
            "All documentation unless otherwise noted is licensed under the terms of Creative "
            "Commons Attribution-ShareAlike 4.0 International License.\n",
            "MIT AND CC-BY-SA-4.0",
        ),
    ],
)
def test_parts_on_lines_without_full_stops_and_unless_otherwise_noted(
    text: str, license_id: str
) -> None:
    assert detect(text).license == license_id


def test_a_file_header_notice_under_a_source_line_and_a_tag_in_a_template_still_count() -> None:
    header = (
        "# Source: https://github.com/org/repo\n# Licensed under the Apache License, Version 2.0\n"
    )
    assert detect(header).license == "Apache-2.0"
    assert detect('HEADER = """\n# SPDX-License-Identifier: MIT\n"""\n').license == "MIT"
