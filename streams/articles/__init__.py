"""The articles domain: the agent that enriches the input topic and routes its records."""
