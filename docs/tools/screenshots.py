"""Take the screenshots of docs/img/ from a running demo (`make run`), with Debian's chromium.

.venv/bin/python docs/tools/screenshots.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from selenium.webdriver.common.by import By

# parsipas.testing.browser reads the test builders, which need Django's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
django.setup()

from parsipas.testing import browser as chromium  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "img"
PASSWORD = "parsipas-demo"

SHOTS = [
    # (user, path, file, width, height)
    ("admin", "/", "admin-home.png", 1280, 900),
    ("admin", "/ke-hoach/nhap/", "plan-import-upload.png", 1280, 800),
    ("lead.snv", "/tong-quan/chu-tri/", "lead-dashboard.png", 1280, 1000),
    ("lead.snv", "/bao-cao/duyet/", "review-queue.png", 1280, 900),
    ("unit.stp", "/bao-cao/", "unit-desk.png", 1280, 1000),
    ("unit.buonmathuot", "/viec-cua-don-vi/", "unit-dashboard-phone.png", 390, 844),
    ("viewer", "/tong-quan/", "province-dashboard.png", 1280, 1100),
    ("viewer", "/par/du-bao/", "par-projection.png", 1280, 1000),
    (None, "/cong-khai/", "public-page.png", 1280, 900),
    ("viewer", "/ho-so/766/?ky=Y", "q766-province.png", 1280, 1100),
    ("unit.stp", "/bao-cao/", "unit-desk-phone.png", 390, 844),
    ("admin", "/sipas/ma-qr/", "sipas-qr-codes.png", 1280, 900),
    (None, "/sipas/khao-sat/stp/", "sipas-survey-phone.png", 390, 844),
    ("lead.snv", "/par/ho-so/2026/", "par-dossier.png", 1280, 1000),
    ("admin", "/tai-khoan/nguoi-dung/nhap/", "user-import.png", 1280, 800),
    ("admin", "/nhat-ky/", "audit-log.png", 1280, 900),
    ("lead.vpubnd", "/phan-anh/quan-ly/", "petitions-staff.png", 1280, 900),
    (None, "/phan-anh/", "petition-form-phone.png", 390, 844),
    ("lead.snv", "/so-theo-doi/", "registers.png", 1280, 900),
]


def main(base: str) -> None:
    OUT.mkdir(exist_ok=True)
    for user, path, name, width, height in SHOTS:
        driver = chromium.start(width=width, height=height, phone=width < 500)
        try:
            if user:
                chromium.log_in(driver, base, user, PASSWORD)
            driver.get(base + path)
            driver.implicitly_wait(2)
            driver.find_element(By.TAG_NAME, "main")
            driver.save_screenshot(str(OUT / name))
            print("saved", OUT / name)
        finally:
            driver.quit()
    # the import report: upload the shipped plan as the admin, then capture the review page
    driver = chromium.start(width=1280, height=1100)
    try:
        chromium.log_in(driver, base, "admin", PASSWORD)
        driver.get(base + "/ke-hoach/nhap/")
        plan = Path(__file__).resolve().parents[2] / "data" / "plans" / "daklak-2026.txt"
        driver.find_element(By.NAME, "file").send_keys(str(plan))
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        driver.save_screenshot(str(OUT / "plan-import-report.png"))
        print("saved", OUT / "plan-import-report.png")
        discard = driver.find_elements(By.CSS_SELECTOR, "button[value=discard]")
        if discard:
            discard[0].click()  # leave the demo plan as it was
    finally:
        driver.quit()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
