from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_content_passes_the_check(runner):
    result = runner.invoke(args=["content", "check", str(ROOT / "content")])
    assert result.exit_code == 0, result.output
    assert "6 modules" in result.output
    assert "0 errors" in result.output


def test_check_reports_file_line_and_problem(runner, tmp_path):
    module = tmp_path / "modules" / "broken"
    module.mkdir(parents=True)
    (module / "module.md").write_text("---\ntitle: Broken\norder: soon\n---\n\nBody\n")
    result = runner.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "modules/broken/module.md:2: front matter: missing required key 'summary'" in lines
    assert (
        "modules/broken/module.md:3: front matter: 'order' must be a whole number" in result.output
    )
    assert lines[-1].endswith("2 errors")


def test_check_refuses_a_missing_folder(runner, tmp_path):
    result = runner.invoke(args=["content", "check", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no such content folder" in result.output
