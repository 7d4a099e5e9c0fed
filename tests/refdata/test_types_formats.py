"""Resource types (FsF-R1-01M) and file formats (FsF-R1.3-02D)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from fairgauge.refdata.reference import ReferenceData


@pytest.mark.parametrize(
    ("value", "vocabulary"),
    [
        ("Dataset", "schema.org"),
        ("dataset", "schema.org"),
        ("DATASET", "schema.org"),
        ("http://schema.org/Dataset", "schema.org"),
        ("https://schema.org/Dataset", "schema.org"),
        ("https://schema.org/Dataset/", "schema.org"),
        ("schema:SoftwareSourceCode", "schema.org"),
        ("DataCatalog", "schema.org"),
        ("Gene", "schema.org"),
        ("JournalArticle", "datacite"),
        ("ComputationalNotebook", "datacite"),
        ("OutputManagementPlan", "datacite"),
        ("StudyRegistration", "datacite"),
        ("MovingImage", "dcmitype"),
        ("http://purl.org/dc/dcmitype/StillImage", "dcmitype"),
        ("ComputationalWorkflow", "bioschemas"),
        ("https://bioschemas.org/ComputationalWorkflow", "bioschemas"),
    ],
)
def test_known_resource_types(refdata: ReferenceData, value: str, vocabulary: str) -> None:
    assert refdata.is_known_resource_type(value)
    found = refdata.resource_type(value)
    assert found is not None and found.vocabulary == vocabulary


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Foo",
        "Datasets",
        "http://example.org/Dataset",
        "https://schema.org/NotAType",
        "Abdomen",  # a schema.org enumeration member, not a type
        "https://schema.org/name",  # a property
    ],
)
def test_unknown_resource_types(refdata: ReferenceData, value: str) -> None:
    assert not refdata.is_known_resource_type(value)


def test_resource_type_counts(refdata: ReferenceData) -> None:
    by_vocabulary: dict[str, int] = {}
    for t in refdata.resource_types.types:
        by_vocabulary[t.vocabulary] = by_vocabulary.get(t.vocabulary, 0) + 1
    assert by_vocabulary["schema.org"] > 800
    assert by_vocabulary["datacite"] == 32
    assert by_vocabulary["dcmitype"] == 12


@pytest.mark.parametrize(
    ("filename", "fmt"),
    [
        ("peaks.bed", "bed"),
        ("peaks.BED", "bed"),
        ("peaks.bed.gz", "bed"),
        ("peaks.bed.bgz", "bed"),
        ("signal.bigWig", "bigwig"),
        ("signal.bw", "bigwig"),
        ("genes.bb", "bigbed"),
        ("cov.bedGraph", "bedgraph"),
        ("reads.bam", "bam"),
        ("reads.bam.bai", "bai"),
        ("reads.cram", "cram"),
        ("calls.vcf", "vcf"),
        ("calls.vcf.gz", "vcf"),
        ("calls.vcf.gz.tbi", "tbi"),
        ("calls.bcf", "bcf"),
        ("genes.gff3.gz", "gff3"),
        ("genes.gtf", "gtf"),
        ("genome.fa.gz", "fasta"),
        ("R1.fastq.gz", "fastq"),
        ("R1.fq.bz2", "fastq"),
        ("hg38.2bit", "2bit"),
        ("cube.nc", "netcdf"),
        ("data.h5", "hdf5"),
        ("table.parquet", "parquet"),
        ("store.zarr", "zarr"),
        ("image.ome.tif", "ome-tiff"),
        ("scan.nii.gz", "nifti"),
        ("table.csv", "csv"),
        ("table.tsv", "tsv"),
        ("notes.txt", "txt"),
        ("paper.pdf", "pdf"),
        ("sheet.ods", "ods"),
        ("photo.TIFF", "tiff"),
        ("archive.tar.gz", "tar"),
        ("archive.tgz", "tar"),
        ("blob.gz", "gzip"),
        ("blob.unknown.gz", "gzip"),
        ("https://example.org/files/calls.vcf.gz?download=1#x", "vcf"),
        ("s3://bucket/path/to/R1.fastq.gz", "fastq"),
        ("/data/my%20file.csv", "csv"),
    ],
)
def test_format_by_filename(refdata: ReferenceData, filename: str, fmt: str) -> None:
    found = refdata.format_by_filename(filename)
    assert found is not None, filename
    assert found.id == fmt


@pytest.mark.parametrize(
    "filename", ["", "README", "file.", "file.xyzzy", "file.unknown", "https://example.org/", "x.z"]
)
def test_unknown_filenames(refdata: ReferenceData, filename: str) -> None:
    assert refdata.format_by_filename(filename) is None


def test_vcf_is_not_vcard_as_in_mimetypes(refdata: ReferenceData) -> None:
    import mimetypes

    assert mimetypes.guess_type("calls.vcf")[0] != "text/x-vcf"  # why we keep our own table
    found = refdata.format_by_filename("calls.vcf")
    assert found is not None and found.scientific and "genomics" in found.domains


@pytest.mark.parametrize(
    ("media_type", "fmt", "reasons"),
    [
        ("text/csv", "csv", ("open format", "long term format")),
        ("text/csv; charset=utf-8", "csv", ("open format", "long term format")),
        ("Application/JSON", "json", ("open format", "long term format")),
        ("application/x-netcdf", "netcdf", ("open format", "long term format", "scientific format")),
        ("application/fits", "fits", ("open format", "long term format", "scientific format")),
        ("image/png", "png", ("open format", "long term format")),
        ("application/pdf", "pdf", ("open format",)),
        ("application/vnd.ms-excel", "xls", ()),
    ],
)
def test_format_by_media_type(refdata: ReferenceData, media_type: str, fmt: str, reasons: tuple[str, ...]) -> None:
    found = refdata.format_by_media_type(media_type)
    assert found is not None
    assert (found.id, found.reasons, found.preferred) == (fmt, reasons, bool(reasons))


@pytest.mark.parametrize("media_type", ["", "foo/bar", "application/octet-stream", "text/x-unknown"])
def test_unknown_media_types(refdata: ReferenceData, media_type: str) -> None:
    assert refdata.format_by_media_type(media_type) is None


@pytest.mark.parametrize(
    ("media_type", "text"),
    [
        ("text/x-unknown", True),
        ("application/ld+json", True),
        ("application/atom+xml", True),
        ("image/png", False),
    ],
)
def test_text_media_types(refdata: ReferenceData, media_type: str, text: bool) -> None:
    assert refdata.is_text_media_type(media_type) is text


@pytest.mark.parametrize(("name", "fmt"), [("PDF/A", "pdf-a"), ("netcdf", "netcdf"), ("BigWig", "bigwig")])
def test_format_by_name(refdata: ReferenceData, name: str, fmt: str) -> None:
    found = refdata.format_by_name(name)
    assert found is not None and found.id == fmt


def test_extensions_and_media_types_are_unambiguous(refdata: ReferenceData) -> None:
    seen_ext: dict[str, str] = {}
    seen_mt: dict[str, str] = {}
    clashes = []
    for fmt in refdata.formats.formats.values():
        for ext in fmt.extensions:
            if seen_ext.setdefault(ext, fmt.id) != fmt.id:
                clashes.append(ext)
        for mt in fmt.media_types:
            if seen_mt.setdefault(mt, fmt.id) != fmt.id:
                clashes.append(mt)
    assert clashes == []
    assert len(refdata.formats.formats) >= 120


def test_edam_terms_exist_and_are_formats(refdata: ReferenceData) -> None:
    """Every EDAM id we cite is a live EDAM format term (checked against the edam-ontology package)."""
    text = resources.files("edam_ontology").joinpath("EDAM.tsv").read_text(encoding="utf-8")
    csv.field_size_limit(1 << 30)
    live = {
        row["Class ID"].rsplit("/", 1)[-1]
        for row in csv.DictReader(text.splitlines(), delimiter="\t")
        if "/format_" in row["Class ID"] and row["Obsolete"].upper() != "TRUE"
    }
    cited = {f.edam for f in refdata.formats.formats.values() if f.edam}
    assert len(cited) > 50
    assert sorted(cited - live) == []
