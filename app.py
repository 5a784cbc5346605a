from arginator.app import serve  # Hugging Face Spaces entry point; see nbs/25_app.ipynb, "Deploying on Hugging Face Spaces"
serve()
