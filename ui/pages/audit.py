from ui import audit_page, resources

audit_page.render(resources.settings())
