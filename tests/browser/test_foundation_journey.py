def test_log_in_switch_to_italian_and_log_out(any_visit, make_person):
    email = make_person("hr", given_name="Marta")
    visit, page = any_visit, any_visit.page
    visit.login(email)
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Marta"

    visit.navigate(lambda: page.get_by_label("Language").select_option("it"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ciao, Marta"
    assert page.locator("html").get_attribute("lang") == "it"

    page.locator("summary").click()
    visit.navigate(lambda: page.get_by_role("button", name="Esci").click())
    assert "/auth/login" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Accedi"


def test_wrong_password_is_announced(visit, make_person):
    email = make_person()
    visit.login(email, password="definitely wrong")
    error = visit.page.locator(".error")
    assert "Wrong email or password." in error.inner_text()
    assert visit.page.get_by_label("Password").get_attribute("aria-invalid") == "true"
