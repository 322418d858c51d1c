from ui import resources, sources_page

sources_page.render(resources.settings())
