"""The load scenario run by bench/load_bench.py (not on its own: the plan it reads is written there).

Each simulated user logs in through the login form with its own account, then, pausing 0.5–1.5 s
between actions, mixes the consultant list, full-text search, tender pages and pipeline moves
(the match page's own move form, with its CSRF token). Every user moves only its own dedicated
match, between "submitted" and "accepted", so that no two users race for one match and no move
queues a rescoring. Two light pages are requested in the same mix as baselines.

Every request's time is also recorded raw (not only Locust's rounded histogram) and written to
LOAD_RAW when the run stops.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from urllib.parse import quote

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 — read once at import
RAW: list[tuple[str, str, float, float, bool]] = []
USER_NUMBERS = itertools.count()

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, start_time=None, **kwargs):
    RAW.append((request_type, name, start_time or time.time(), response_time, exception is None))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    with open(os.environ["LOAD_RAW"], "w") as output:
        json.dump(RAW, output)


class SalesUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        number = next(USER_NUMBERS)
        account = PLAN["users"][number % len(PLAN["users"])]
        self.email = account["email"]
        self.match_id = account["match_id"]
        self.next_status = "accepted"  # the dedicated match starts "submitted"
        self.login()

    def login(self):
        with self.client.get("/login/", name="login page", catch_response=True) as response:
            token = CSRF_INPUT.search(response.text)
            if response.status_code != 200 or not token:
                response.failure(f"no login form ({response.status_code})")
                return
        data = {"username": self.email, "password": PLAN["password"], "csrfmiddlewaretoken": token.group(1), "next": ""}
        headers = {"Referer": f"{self.host}/login/"}
        with self.client.post(
            "/login/", data=data, headers=headers, name="login", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
                response.failure(f"login refused ({response.status_code})")

    def _page(self, path: str, name: str, expect: str = "</html>"):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200 or expect not in response.text:
                response.failure(f"{response.status_code}, {expect!r} missing")
            return response

    @task(4)
    def consultant_list(self):
        self._page(f"/consultants/?page={random.randint(1, 20)}", "consultant list")

    @task(3)
    def search(self):
        self._page(f"/consultants/?q={quote(random.choice(PLAN['search_terms']))}", "search")

    @task(3)
    def tender_detail(self):
        self._page(f"/tenders/{random.choice(PLAN['tender_ids'])}/", "tender detail")

    @task(2)
    def pipeline_move(self):
        move_url = f"/matches/{self.match_id}/move/"
        with self.client.get(f"/matches/{self.match_id}/", name="match detail", catch_response=True) as page:
            fields = None
            # The card's one move form: hidden fields, and a submit button per move (name="to").
            for form in FORM.findall(page.text if page.status_code == 200 else ""):
                if f'action="{move_url}"' in form and f'name="to" value="{self.next_status}"' in form:
                    fields = dict(HIDDEN.findall(form))
                    fields["csrfmiddlewaretoken"] = CSRF_INPUT.search(form).group(1)
                    fields["to"] = self.next_status
                    break
            if fields is None:
                page.failure(f"no form moving match {self.match_id} to {self.next_status} ({page.status_code})")
                return
        # As htmx sends it: the form's fields, and the answer is the updated card.
        headers = {"HX-Request": "true", "HX-Current-URL": f"{self.host}/matches/{self.match_id}/"}
        with self.client.post(move_url, data=fields, headers=headers, name="match move", catch_response=True) as reply:
            if (
                reply.status_code != 200
                or "form-errors" in reply.text
                or f'id="match-{self.match_id}"' not in reply.text
            ):
                reply.failure(f"move to {self.next_status} failed ({reply.status_code})")
                return
        self.next_status = "submitted" if self.next_status == "accepted" else "accepted"

    @task(1)
    def one_query_page(self):
        self._page("/readyz", "baseline: /readyz (1 query)", expect='"database"')

    @task(1)
    def light_signed_in_page(self):
        self._page("/tenders/new/", "baseline: empty tender form")
