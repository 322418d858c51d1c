from ui import chat, resources

chat.render(resources.settings())
