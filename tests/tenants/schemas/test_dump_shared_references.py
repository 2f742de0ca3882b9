"""An older backup can hold foreign keys from the organization's tables to shared ones. On
Citus they are added one at a time once the loaded schema is distributed (a worker refuses
the load's many commands in one message): the script is split first."""

from tenants.schemas.dump import split_shared_references

SHARED = (
    "ALTER TABLE ONLY org_a.projects_project\n"
    "    ADD CONSTRAINT projects_project_owner_fk FOREIGN KEY (owner_id) "
    "REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;"
)
WITHIN = (
    "ALTER TABLE ONLY org_a.projects_project\n"
    "    ADD CONSTRAINT projects_project_parent_fk FOREIGN KEY (parent_id) "
    "REFERENCES org_a.projects_project(id) DEFERRABLE INITIALLY DEFERRED;"
)
SCRIPT = f"""CREATE SCHEMA org_a;

CREATE TABLE org_a.projects_project (id bigint, owner_id bigint, parent_id bigint);

--
-- Name: projects_project projects_project_owner_fk; Type: FK CONSTRAINT; Schema: org_a; Owner: -
--

{SHARED}


--
-- Name: projects_project projects_project_parent_fk; Type: FK CONSTRAINT; Schema: org_a; Owner: -
--

{WITHIN}


--
-- PostgreSQL database dump complete
--
"""


def test_foreign_keys_to_shared_tables_are_taken_out_and_the_rest_kept_in_order():
    rest, references = split_shared_references(SCRIPT)

    assert references == [SHARED]
    assert SHARED not in rest
    assert rest.index("CREATE SCHEMA org_a;") < rest.index("CREATE TABLE") < rest.index(WITHIN)
    assert rest.endswith("-- PostgreSQL database dump complete\n--\n")


def test_a_script_without_such_keys_is_left_as_it_is():
    script = SCRIPT.replace(SHARED, "")

    assert split_shared_references(script) == (script, [])


def test_a_data_row_that_looks_like_such_a_key_stays_data():
    row = (
        "INSERT INTO org_a.notes VALUES (1, 'ALTER TABLE ONLY org_a.projects_project\n"
        "    ADD CONSTRAINT x FOREIGN KEY (y) REFERENCES public.accounts_user(id);');"
    )
    script = SCRIPT.replace(SHARED, "").replace("--\n-- PostgreSQL", f"{row}\n\n--\n-- PostgreSQL")

    assert split_shared_references(script) == (script, [])
