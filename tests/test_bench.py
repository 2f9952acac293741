"""The benchmark's cold per-stage table counts what a cold build makes."""
from __future__ import annotations

from builder.bench import cold_stages, print_cold_stages


def test_cold_stages_make_every_photo_card_and_code(project, capsys):
    row = cold_stages(project, ["vi", "en"], jobs=2)
    # 12 products with one photo each; products 0, 3, 6 and 9 have two lots, each with its own code
    assert (row["photo_count"], row["card_count"], row["qr_count"]) == (12, 24, 12 + 4 * 2)
    assert all(row[stage] > 0 for stage in ("photos", "cards", "qr"))
    assert not any(p.name.startswith("tmp") for p in project.iterdir())  # the scratch caches are gone
    print_cold_stages([(12, ["vi", "en"], row)])
    table = capsys.readouterr().out.splitlines()
    cells = [cell.strip() for cell in table[-1].strip("|").split("|")]
    assert (cells[0], cells[1], cells[2], cells[5], cells[8]) == ("12", "2", "12", "24", "20")
    assert all(row[f"{stage}_cpu"] > 0 for stage in ("photos", "cards", "qr"))
