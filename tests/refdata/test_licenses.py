"""Licence recognition (FsF-R1.1-01M): URLs, ids, names, expressions, fuzzy names and near misses."""

from __future__ import annotations

import pytest

from fairgauge.refdata._license_keys import license_name_key, license_url_key
from fairgauge.refdata._vendored import read_yaml
from fairgauge.refdata.reference import ReferenceData

POSITIVE = [
    # the brief's required mappings
    ("https://creativecommons.org/licenses/by-sa/4.0/legalcode", "CC-BY-SA-4.0", "url"),
    ("http://creativecommons.org/licenses/by/3.0/", "CC-BY-3.0", "url"),
    ("CC0 1.0", "CC0-1.0", "name"),
    ("https://opensource.org/licenses/MIT", "MIT", "url"),
    # Creative Commons URL forms
    ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0", "url"),
    ("https://creativecommons.org/licenses/by/4.0", "CC-BY-4.0", "url"),
    ("creativecommons.org/licenses/by/4.0/deed.en", "CC-BY-4.0", "url"),
    ("https://creativecommons.org/licenses/by/4.0/legalcode.de", "CC-BY-4.0", "url"),
    ("https://creativecommons.org/licenses/by-nc/4.0/deed.fr", "CC-BY-NC-4.0", "url"),
    ("https://creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE", "url"),
    ("https://creativecommons.org/licenses/by-sa/3.0/igo/legalcode", "CC-BY-SA-3.0-IGO", "url"),
    ("http://creativecommons.org/licenses/by-nc-nd/1.0/", "CC-BY-NC-ND-1.0", "url"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0", "url"),
    ("https://creativecommons.org/publicdomain/zero/1.0/legalcode", "CC0-1.0", "url"),
    ("HTTPS://CreativeCommons.org/licenses/by/4.0/#ref", "CC-BY-4.0", "url"),
    # other URL forms
    ("https://opensource.org/licenses/Apache-2.0", "Apache-2.0", "url"),
    ("https://opensource.org/license/mit/", "MIT", "url"),
    ("https://opensource.org/licenses/GPL-3.0", "GPL-3.0-only", "url"),
    ("https://spdx.org/licenses/BSD-3-Clause.html", "BSD-3-Clause", "url"),
    ("https://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0", "url"),
    ("https://www.gnu.org/licenses/gpl-3.0.en.html", "GPL-3.0-only", "url"),
    ("https://opendatacommons.org/licenses/odbl/1-0/", "ODbL-1.0", "url"),
    ("http://opendatacommons.org/licenses/by/summary/", "ODC-By-1.0", "url"),
    ("https://www.etalab.gouv.fr/licence-ouverte-open-licence", "etalab-2.0", "url"),
    ("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", "OGL-UK-3.0", "url"),
    # ids, in any case
    ("CC-BY-4.0", "CC-BY-4.0", "id"),
    ("cc-by-4.0", "CC-BY-4.0", "id"),
    ("MIT", "MIT", "id"),
    ("GPL-3.0", "GPL-3.0", "id"),
    # names and short forms
    ("CC BY 4.0", "CC-BY-4.0", "name"),
    ("Creative Commons Attribution 4.0 International", "CC-BY-4.0", "name"),
    ("Creative Commons Attribution 4.0", "CC-BY-4.0", "name"),
    ("Attribution 4.0 International (CC BY 4.0)", "CC-BY-4.0", "name"),
    ("Attribution-ShareAlike 4.0 International", "CC-BY-SA-4.0", "name"),
    ("CC BY-NC-ND 4.0", "CC-BY-NC-ND-4.0", "name"),
    ("Creative Commons Attribution-NonCommercial 4.0 International", "CC-BY-NC-4.0", "name"),
    ("cc-by", "CC-BY-4.0", "name"),
    ("CC0", "CC0-1.0", "name"),
    ("Open Data Commons Open Database License (ODbL)", "ODbL-1.0", "name"),
    ("Open Data Commons Attribution License", "ODC-By-1.0", "name"),
    ("Open Data Commons Public Domain Dedication and License", "PDDL-1.0", "name"),
    ("Etalab", "etalab-2.0", "name"),
    ("Licence Ouverte 2.0", "etalab-2.0", "name"),
    ("Open Government Licence v3.0", "OGL-UK-3.0", "name"),
    ("The MIT License", "MIT", "name"),
    ("Apache License, Version 2.0", "Apache-2.0", "name"),
    ("GPLv3", "GPL-3.0-only", "name"),
    ("GNU General Public Licence v3.0 only", "GPL-3.0-only", "name"),
    ("Mozilla Public Licence 2.0", "MPL-2.0", "name"),
    ("BSD 3-Clause", "BSD-3-Clause", "name"),
    # fuzzy (typos) within the same licence family and version
    ("Creative Commons Atribution 4.0 Internacional", "CC-BY-4.0", "fuzzy"),
    ("Creative Commons Attribution Share-Alike 4.0 Internatonal", "CC-BY-SA-4.0", "fuzzy"),
    ("GNU Lesser General Publc License v2.1 only", "LGPL-2.1-only", "fuzzy"),
]


@pytest.mark.parametrize(("value", "spdx_id", "kind"), POSITIVE)
def test_match_license(refdata: ReferenceData, value: str, spdx_id: str, kind: str) -> None:
    match = refdata.match_license(value)
    assert match is not None, value
    assert (match.spdx_id, match.matched_by) == (spdx_id, kind)
    assert 0.9 <= match.score <= 1.0


NEGATIVE = [
    "",
    "   ",
    "info:eu-repo/semantics/openAccess",  # access right, not a licence
    "http://purl.org/coar/access_right/c_abf2",
    "open access",
    "All rights reserved",
    "Proprietary",
    "My custom licence",
    "Public Domain",
    "BSD",  # which one?
    "Creative Commons Attribution 5.0",  # no such version
    "Creative Commons Attribution 4.0 Germany",  # no such port name for 4.0
    "Apache License 3.0",
    "Mozilla Public License 3.0",
    "GNU General Public License v4",
    "Creative Commons Atribution-NonCommercial 5.0",
    "https://example.org/licence.html",
    "https://creativecommons.org/licenses/by/9.9/",
    "https://opensource.org/licenses/NotALicense",
    "Foo OR MIT",  # an expression with an unknown licence
]


@pytest.mark.parametrize("value", NEGATIVE)
def test_no_match(refdata: ReferenceData, value: str) -> None:
    assert refdata.match_license(value) is None


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        ("Creative Commons Attribution-NonCommercial 4.0", "CC-BY-4.0"),
        ("Creative Commons Attribution-NoDerivatives 4.0 International", "CC-BY-4.0"),
        ("Creative Commons Attribution 3.0", "CC-BY-4.0"),
        ("GNU Lesser General Public License v3.0 only", "GPL-3.0-only"),
        ("GNU Affero General Public License v3.0 only", "GPL-3.0-only"),
        ("GNU General Public License v2.0 or later", "GPL-2.0-only"),
    ],
)
def test_near_misses_are_not_taken_for_their_neighbour(refdata: ReferenceData, value: str, wrong: str) -> None:
    match = refdata.match_license(value)
    assert match is None or match.spdx_id != wrong


def test_ported_cc_url_without_spdx_id_maps_to_unported_with_lower_score(refdata: ReferenceData) -> None:
    match = refdata.match_license("http://creativecommons.org/licenses/by/3.0/es/")
    assert match is not None
    assert (match.spdx_id, match.matched_by, match.score) == ("CC-BY-3.0", "url", 0.9)


@pytest.mark.parametrize(
    ("spdx_id", "is_open", "osi"),
    [
        ("CC-BY-4.0", True, False),
        ("CC-BY-SA-3.0-DE", True, False),
        ("CC0-1.0", True, False),
        ("ODbL-1.0", True, False),
        ("PDDL-1.0", True, False),
        ("etalab-2.0", True, False),
        ("MIT", True, True),
        ("CC-BY-NC-4.0", False, False),
        ("CC-BY-ND-4.0", False, False),
        ("CC-BY-NC-SA-4.0", False, False),
    ],
)
def test_openness(refdata: ReferenceData, spdx_id: str, is_open: bool, osi: bool) -> None:
    lic = refdata.license(spdx_id)
    assert lic is not None
    assert (lic.is_open, lic.osi_approved) == (is_open, osi)


@pytest.mark.parametrize(
    ("value", "expected", "is_open", "osi"),
    [
        ("MIT OR Apache-2.0", "MIT OR Apache-2.0", True, True),
        ("mit and bsd-3-clause", "MIT AND BSD-3-Clause", True, True),
        ("CC-BY-NC-4.0 OR CC-BY-4.0", "CC-BY-NC-4.0 OR CC-BY-4.0", True, False),
        ("CC-BY-NC-4.0 AND MIT", "CC-BY-NC-4.0 AND MIT", False, False),
        (
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            True,
            True,
        ),
    ],
)
def test_expressions(refdata: ReferenceData, value: str, expected: str, is_open: bool, osi: bool) -> None:
    match = refdata.match_license(value)
    assert match is not None
    assert (match.spdx_id, match.matched_by, match.is_open, match.osi_approved) == (
        expected,
        "expression",
        is_open,
        osi,
    )
    assert match.licenses


def test_deprecated_id_reports_deprecated(refdata: ReferenceData) -> None:
    match = refdata.match_license("GPL-2.0+")
    assert match is not None and match.deprecated and match.spdx_id == "GPL-2.0+"


def test_spdx_records_carry_see_also_and_reference(refdata: ReferenceData) -> None:
    lic = refdata.license("MIT")
    assert lic is not None
    assert "https://opensource.org/license/mit/" in lic.see_also
    assert lic.reference_url == "https://spdx.org/licenses/MIT.html"
    assert len(refdata.licenses.licenses) >= 700


def test_curated_tables_name_real_spdx_ids(refdata: ReferenceData) -> None:
    curated = read_yaml("licenses", "aliases.yaml")
    targets = list(curated["names"]) + list(curated["urls"].values())
    targets += list(curated["deprecated_replacements"].values())
    unknown = sorted({t for t in targets if refdata.license(t) is None})
    assert unknown == []
    replaced = [k for k in curated["deprecated_replacements"] if not refdata.license(k).deprecated]  # type: ignore[union-attr]
    assert replaced == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://creativecommons.org/licenses/by/4.0/legalcode",
            "http://www.creativecommons.org/licenses/by/4.0",
        ),
        ("https://creativecommons.org/licenses/by/4.0/deed.pt-br", "creativecommons.org/licenses/by/4.0/"),
        ("https://www.gnu.org/licenses/gpl-3.0.html", "http://gnu.org/licenses/gpl-3.0.txt"),
    ],
)
def test_url_keys_equal(a: str, b: str) -> None:
    assert license_url_key(a) == license_url_key(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Creative Commons Attribution-ShareAlike 4.0 International", "CC BY-SA 4.0", True),
        ("GNU GPL v3.0", "gnu gpl 3", True),
        ("Creative Commons Attribution-NonCommercial 4.0", "CC BY 4.0", False),
        ("Apache License 2.0", "Apache License 2.1", False),
    ],
)
def test_name_keys(a: str, b: str, same: bool) -> None:
    assert (license_name_key(a) == license_name_key(b)) is same
