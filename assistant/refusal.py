"""The one refusal phrase, shared by the prompts, the extractive answers and the evaluation.

Prompts receive it through the template variable `{weigering}`, so the wording lives here only.
"""

REFUSAL = "De bronnen geven geen antwoord op deze vraag."
