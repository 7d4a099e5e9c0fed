"""The report as an RDF graph: W3C DQV quality measurements with EARL verdicts and PROV.

Vocabulary choices (F-UJI exports the same vocabularies; differences are noted):

* The assessment is a ``dqv:QualityMetadata`` ``urn:uuid:<uuid5 of test id and start time>`` (one
  report always gives the same graph); its parts are fragments of it (``#activity``,
  ``#FsF-F1-01MD``, ``#FsF-F1-01MD-result``, ``#score-FAIR``) so the Turtle stays readable. It
  ``dcterms:conformsTo`` the FsF metric specification DOI, was ``prov:wasGeneratedBy`` a
  ``prov:Activity`` (start/end time, ``prov:used`` the assessed object, ``prov:wasAssociatedWith``
  the fairgauge ``prov:SoftwareAgent``) and carries the FAIRport level (``fg:fairportLevel`` with
  ``fg:fairportReason`` / ``fg:fairportMissing``). The assessed object ``dqv:hasQualityMetadata`` it.
* The assessed object is the PID's resolver URL (``https://doi.org/...``), else the landing page URL.
* Each metric and each test is a ``dqv:Metric`` in our own namespace per profile,
  ``https://w3id.org/fairgauge/metrics/<profile-id>/<id>`` (F-UJI's ``https://f-uji.net/metrics/0.8//``
  has a double slash we do not copy), ``rdfs:isDefinedBy`` the specification DOI, ``skos:notation``
  its id, ``skos:prefLabel`` its name; a test is ``skos:broader`` its metric. Metrics sit in a
  ``dqv:Dimension`` per FAIR principle (F1, A1.1 ...) ``dqv:inCategory`` a ``dqv:Category`` per letter,
  under ``https://w3id.org/fairgauge/principles/``.
* Per metric and per test one node is both the ``dqv:QualityMeasurement`` and the ``earl:Assertion``
  of the same result (as in F-UJI), so one node answers "how much" and "pass or fail":
  ``dqv:isMeasurementOf`` / ``earl:test`` the metric or test; ``dqv:computedOn`` / ``earl:subject``
  the object; ``dqv:value`` the percent of points as ``xsd:float`` for a metric, the earned points
  for a test; ``fg:scoreEarned`` / ``fg:scoreTotal``; the maturity label as ``fg:maturity``
  ("advanced"; F-UJI uses ``eval:hasLiteralValue``) and its number as ``fg:maturityLevel``;
  ``fg:recommendation`` when a test has one. A metric's measurement ``prov:wasDerivedFrom`` its
  tests' measurements.
* The verdict follows EARL 1.0 properly: ``earl:result`` is an ``earl:TestResult`` whose
  ``earl:outcome`` is ``earl:passed``, ``earl:failed``, ``earl:cantTell`` (our ``error``: could not be
  evaluated, never a failure) or ``earl:inapplicable``; findings go to ``earl:info``. (F-UJI puts the
  outcome directly on ``earl:result``.)
* The summary per category and overall (F, A, I, R, FAIR) adds one ``dqv:QualityMeasurement`` each,
  measuring ``<metric namespace>score/<key>``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from fairgauge.model.report import MATURITY_LABELS, MetricResult, Outcome, Report, Score, TestResult
from fairgauge.render import report_evidence as evidence
from fairgauge.render import report_view as view

DQV = Namespace("http://www.w3.org/ns/dqv#")
EARL = Namespace("http://www.w3.org/ns/earl#")
FG = Namespace("https://w3id.org/fairgauge/vocab#")
PRINCIPLES = Namespace("https://w3id.org/fairgauge/principles/")
METRICS_BASE = "https://w3id.org/fairgauge/metrics/"
SOFTWARE_BASE = "https://w3id.org/fairgauge/software/"
OUTCOMES: dict[Outcome, URIRef] = {
    "pass": EARL.passed,
    "fail": EARL.failed,
    "error": EARL.cantTell,
    "not_applicable": EARL.inapplicable,
}
_SAFE_IRI = ":/?#[]@!$&'()*+,;=%~"


def metric_namespace(profile: str) -> Namespace:
    """One namespace per profile: ids are only unique within a metric version."""
    return Namespace(f"{METRICS_BASE}{quote(profile, safe='-._~')}/")


def prefixes(profile: str) -> dict[str, str]:
    """Prefixes for Turtle and the inline JSON-LD context (prefixes only: the document stays plain RDF)."""
    return {
        "dqv": str(DQV),
        "earl": str(EARL),
        "prov": str(PROV),
        "dcterms": str(DCTERMS),
        "skos": str(SKOS),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
        "fg": str(FG),
        "principle": str(PRINCIPLES),
        "metric": str(metric_namespace(profile)),
    }


def _iri(text: str) -> URIRef:
    """Harvested URLs can hold characters IRIs forbid (spaces, quotes); percent-encode those."""
    return URIRef(quote(text, safe=_SAFE_IRI))


class _Builder:
    """Builds one report's graph; the per-report IRIs live here rather than in every call."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.graph = Graph()
        self.ns = metric_namespace(report.profile)
        self.spec = _iri(report.metric_specification)
        seed = f"fairgauge:{report.test_id}:{report.start_timestamp.isoformat()}"
        self.metadata = URIRef(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}")
        self.activity = self.node("activity")
        self.agent = URIRef(f"{SOFTWARE_BASE}{quote(report.software_version, safe='-._~')}")
        self.subject = self._subject()
        for prefix, namespace in prefixes(report.profile).items():
            self.graph.bind(prefix, Namespace(namespace))

    def node(self, name: str) -> URIRef:
        """A part of this assessment: a fragment of its IRI (metric and test ids are fragment-safe)."""
        return URIRef(f"{self.metadata}#{quote(name, safe='-._~')}")

    def add(self, subject: URIRef | BNode, *pairs: tuple[URIRef, URIRef | Literal | BNode]) -> None:
        for predicate, value in pairs:
            self.graph.add((subject, predicate, value))

    def _subject(self) -> URIRef:
        target = evidence.assessed_object(self.report)
        if target.startswith(("http://", "https://")):
            return _iri(target)
        return URIRef(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, target)}")


def report_graph(report: Report) -> Graph:
    """The report as an rdflib graph (for callers that merge graphs or run SPARQL)."""
    builder = _Builder(report)
    _assessment(builder)
    for metric in view.all_metrics(report):
        _metric(builder, metric)
    if report.assessed:  # an object that was not assessed has no measured score to state
        for row in view.summary_rows(report):
            _summary(builder, row)
    return builder.graph


def _assessment(b: _Builder) -> None:
    report, level = b.report, b.report.fairport_level
    b.add(
        b.metadata,
        (RDF.type, DQV.QualityMetadata),
        (DCTERMS.title, Literal(f"FAIR assessment of {report.request.object_identifier}", lang="en")),
        (DCTERMS.identifier, Literal(report.test_id)),
        (DCTERMS.conformsTo, b.spec),
        (DCTERMS.created, Literal(report.end_timestamp)),
        (PROV.wasGeneratedBy, b.activity),
        (PROV.wasAttributedTo, b.agent),
        (FG.profile, Literal(report.profile)),
        (FG.metricVersion, Literal(report.metric_version)),
        (FG.assessmentStatus, Literal(report.assessment_status)),
    )
    if level.level is not None:
        b.add(b.metadata, (FG.fairportLevel, Literal(level.level)))
    if report.not_assessed_reason:
        b.add(b.metadata, (FG.notAssessedReason, Literal(report.not_assessed_reason, lang="en")))
    b.add(b.metadata, *((FG.fairportReason, Literal(reason, lang="en")) for reason in level.reasons))
    b.add(b.metadata, *((FG.fairportMissing, Literal(item, lang="en")) for item in level.missing))
    b.add(
        b.subject,
        (DQV.hasQualityMetadata, b.metadata),
        (DCTERMS.identifier, Literal(report.request.object_identifier)),
    )
    _activity(b)


def _activity(b: _Builder) -> None:
    report = b.report
    b.add(
        b.activity,
        (RDF.type, PROV.Activity),
        (RDFS.label, Literal(f"fairgauge assessment against {report.profile}", lang="en")),
        (PROV.startedAtTime, Literal(report.start_timestamp)),
        (PROV.endedAtTime, Literal(report.end_timestamp)),
        (PROV.used, b.subject),
        (PROV.wasAssociatedWith, b.agent),
    )
    b.add(b.agent, (RDF.type, PROV.SoftwareAgent), (RDFS.label, Literal(f"fairgauge {report.software_version}")))


def _definition(b: _Builder, iri: URIRef, notation: str, name: str, principle: str) -> None:
    dimension = PRINCIPLES[principle]
    category = PRINCIPLES[principle[:1]]
    b.add(
        iri,
        (RDF.type, DQV.Metric),
        (SKOS.notation, Literal(notation)),
        (SKOS.prefLabel, Literal(name, lang="en")),
        (RDFS.isDefinedBy, b.spec),
        (DQV.inDimension, dimension),
        (DQV.expectedDataType, XSD.float),
    )
    b.add(dimension, (RDF.type, DQV.Dimension), (SKOS.notation, Literal(principle)), (DQV.inCategory, category))
    b.add(
        category,
        (RDF.type, DQV.Category),
        (SKOS.notation, Literal(principle[:1])),
        (SKOS.prefLabel, Literal(view.CATEGORY_NAMES.get(principle[:1], principle[:1]), lang="en")),
    )


def _metric(b: _Builder, metric: MetricResult) -> None:
    metric_iri = b.ns[metric.metric_identifier]
    _definition(b, metric_iri, metric.metric_identifier, metric.metric_name, metric.principle)
    node = b.node(metric.metric_identifier)
    _measurement(b, node, metric_iri, view.percent_of(metric.score), metric.score)
    _verdict(b, node, metric_iri, metric.test_status, metric.maturity, [])
    b.add(node, (FG.scored, Literal(metric.scored)))
    for test_id, test in metric.metric_tests.items():
        test_iri = b.ns[test_id]
        _definition(b, test_iri, test_id, test.metric_test_name, metric.principle)
        b.add(test_iri, (SKOS.broader, metric_iri))
        b.add(node, (PROV.wasDerivedFrom, _test(b, test_id, test_iri, test)))


def _test(b: _Builder, test_id: str, test_iri: URIRef, test: TestResult) -> URIRef:
    node = b.node(test_id)
    score = test.metric_test_score
    _measurement(b, node, test_iri, score.earned, score)
    info = [f"{f.severity}: {f.code}: {f.message}" for f in test.findings]
    _verdict(b, node, test_iri, test.metric_test_status, test.metric_test_maturity, info)
    if test.recommendation:
        b.add(node, (FG.recommendation, Literal(test.recommendation, lang="en")))
    return node


def _measurement(b: _Builder, node: URIRef, measured: URIRef, value: float, score: Score) -> None:
    b.add(
        node,
        (RDF.type, DQV.QualityMeasurement),
        (DQV.isMeasurementOf, measured),
        (DQV.computedOn, b.subject),
        (DQV.value, Literal(float(value), datatype=XSD.float)),
        (FG.scoreEarned, Literal(float(score.earned), datatype=XSD.float)),
        (FG.scoreTotal, Literal(float(score.total), datatype=XSD.float)),
        (PROV.wasGeneratedBy, b.activity),
        (DCTERMS.isPartOf, b.metadata),
    )
    b.add(b.subject, (DQV.hasQualityMeasurement, node))


def _verdict(b: _Builder, node: URIRef, test: URIRef, status: Outcome, maturity: int, info: Iterable[str]) -> None:
    result = URIRef(f"{node}-result")
    b.add(
        node,
        (RDF.type, EARL.Assertion),
        (EARL.assertedBy, b.agent),
        (EARL.subject, b.subject),
        (EARL.test, test),
        (EARL.mode, EARL.automatic),
        (EARL.result, result),
        (FG.maturity, Literal(MATURITY_LABELS.get(maturity, str(maturity)))),
        (FG.maturityLevel, Literal(maturity)),
    )
    b.add(
        result,
        (RDF.type, EARL.TestResult),
        (EARL.outcome, OUTCOMES[status]),
        (DCTERMS.description, Literal(view.status_label(status), lang="en")),
        (DCTERMS.date, Literal(b.report.end_timestamp)),
    )
    b.add(result, *((EARL.info, Literal(text, lang="en")) for text in info))


def _summary(b: _Builder, row: view.PrincipleRow) -> None:
    measured = b.ns[f"score/{row.key}"]
    label = f"{row.name} score (percent of points)" if row.key != "FAIR" else "FAIR score (percent of points)"
    b.add(
        measured,
        (RDF.type, DQV.Metric),
        (SKOS.notation, Literal(row.key)),
        (SKOS.prefLabel, Literal(label, lang="en")),
        (RDFS.isDefinedBy, b.spec),
        (DQV.expectedDataType, XSD.float),
    )
    if row.key in view.CATEGORY_NAMES:
        b.add(measured, (SKOS.related, PRINCIPLES[row.key]))
    node = b.node(f"score-{row.key}")
    _measurement(b, node, measured, row.percent or 0.0, Score(earned=row.earned or 0.0, total=row.total))
    b.add(
        node,
        (FG.maturity, Literal(view.maturity_label(row.maturity))),
        (FG.maturityLevel, Literal(row.maturity, datatype=XSD.decimal)),
    )
