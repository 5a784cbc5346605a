"""A real browser uploads a FASTA file to the app and reads the calls table: Debian's Chromium driven by Playwright.

Skips when Chromium or Playwright is missing, unless ARGINATOR_REQUIRE_BROWSER=1 (as in CI), when it fails instead.
Set ARGINATOR_CHROMIUM to use another Chromium binary. ARGINATOR_SCREENSHOT=1 saves the page with its results to
nbs/images/app.png, the picture on the docs home page. No browser is downloaded: `playwright install` is never needed.
"""
import gzip, os, shutil, sys
from pathlib import Path
import pytest
from arginator.app import example_fasta

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'benchmarks'))
from load_app import start_app

def chromium_path():
    return os.environ.get('ARGINATOR_CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser')

def missing()->str:
    "Why the browser test cannot run here, or ''"
    try: import playwright.sync_api  # noqa: F401
    except ImportError: return 'Playwright for Python is not installed (pip install playwright)'
    if not chromium_path(): return "Chromium is not installed (Debian: apt-get install chromium) and ARGINATOR_CHROMIUM is not set"
    return ''

@pytest.fixture(scope='module')
def browser():
    why = missing()
    if why and os.environ.get('ARGINATOR_REQUIRE_BROWSER') == '1': pytest.fail(f'ARGINATOR_REQUIRE_BROWSER=1, but {why}', pytrace=False)
    if why: pytest.skip(why)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=['--no-sandbox', '--disable-dev-shm-usage'])
        yield b
        b.close()

@pytest.fixture(scope='module')
def app():
    app = start_app()   # the demo models, default limits
    yield app
    app.stop()

def cell(page, row:int, col:int)->str: return page.locator(f'#calls [data-testid="cell-{row}-{col}"]').inner_text().strip()

def table_row(page, rid:str)->dict:
    "The cells of the calls table's row with id `rid`, by column name"
    headers = [h.strip() for h in page.locator('#calls [role=columnheader]').all_inner_texts()] or \
              [h.strip() for h in page.locator('#calls th').all_inner_texts()]
    ids = page.locator('#calls [data-col="0"][data-row]')
    row = next(ids.nth(i).get_attribute('data-row') for i in range(ids.count()) if ids.nth(i).inner_text().strip() == rid)
    return {h: cell(page, row, j) for j, h in enumerate(headers) if h}

def test_upload_fasta_and_read_the_calls(browser, app, tmp_path):
    (tmp_path/'proteins.fasta').write_text(example_fasta())
    page = browser.new_page(viewport={'width': 1280, 'height': 1500})
    page.goto(app.url); page.wait_for_load_state('networkidle')
    page.locator('input[type=file]').first.set_input_files(tmp_path/'proteins.fasta')
    page.get_by_text('proteins.fasta').first.wait_for(timeout=30_000)   # the upload is in
    page.get_by_role('button', name='Screen', exact=True).click()
    page.locator('#calls').get_by_text('NDM-23', exact=True).first.wait_for(timeout=120_000)
    ndm, dna = table_row(page, 'NDM-23'), table_row(page, 'orf_dna')
    assert ndm['ambler_class'] == 'B' and ndm['is_beta_lactamase'] == '1', ndm
    assert dna['status'].startswith('not scored: looks like a nucleotide'), dna
    assert '8 records from proteins.fasta: 7 scored' in page.locator('#message').inner_text()
    assert page.locator('#demo-note').is_visible()   # served by the demo models, and says so
    page.locator('#map .js-plotly-plot').first.wait_for(timeout=30_000)
    if os.environ.get('ARGINATOR_SCREENSHOT') == '1':
        page.mouse.click(5, 5); page.wait_for_timeout(1000)
        for close in page.locator('.toast-close').all(): close.click()   # the "1 record not scored" toast covers the title
        page.wait_for_timeout(500)
        (ROOT/'nbs'/'images').mkdir(exist_ok=True)
        page.screenshot(path=ROOT/'nbs'/'images'/'app.png', full_page=True)
    page.close()

def test_page_defects_mended(browser, app, tmp_path):
    "Before the first run the table shows the calls' columns; a gzipped contig file is screened; probabilities show three decimals; an error clears the last results"
    from importlib.resources import files
    genome = (Path(str(files('arg_ranker')))/'example'/'EsCo_genome.fasta').read_text().split('>')
    contig = '>' + next(r for r in genome[1:] if len(r) > 30_000 and len(r) < 120_000)
    (tmp_path/'contig.fna.gz').write_bytes(gzip.compress(contig.encode()))
    page = browser.new_page(viewport={'width': 1280, 'height': 1500})
    page.goto(app.url); page.wait_for_load_state('networkidle')
    headers = [h.strip() for h in page.locator('#calls [role=columnheader]').all_inner_texts()] or [h.strip() for h in page.locator('#calls th').all_inner_texts()]
    assert 'is_beta_lactamase' in headers and '1' not in headers, headers
    page.locator('input[type=file]').first.set_input_files(tmp_path/'contig.fna.gz')
    page.get_by_text('contig.fna.gz').first.wait_for(timeout=30_000)
    page.get_by_role('button', name='Screen', exact=True).click()
    page.locator('#message').get_by_text('called in contig.fna.gz').first.wait_for(timeout=120_000)
    msg = page.locator('#message').inner_text()
    assert 'genes called in contig.fna.gz, nucleotide (' in msg and 'records' not in msg, msg   # the genes of a contig, not records
    first = table_row(page, page.locator('#calls [data-col="0"][data-row]').first.inner_text().strip())
    assert len(first['p_beta_lactamase']) <= 5, first   # e.g. 0.001, never 0.001000
    page.locator('[data-testid="file"] button[aria-label*="Clear"], button[aria-label="Clear"]').first.click()
    page.locator('textarea').first.fill('hello, not a FASTA file')
    page.get_by_role('button', name='Screen', exact=True).click()
    page.get_by_text('not FASTA').first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert 'contig.fna.gz' not in page.locator('#message').inner_text(), page.locator('#message').inner_text()   # the last request's summary is gone
    page.close()
