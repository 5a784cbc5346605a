from arginator.app import serve  # Hugging Face Spaces entry point; see nbs/07_app.ipynb, "Deploying on Hugging Face Spaces"
serve()
