from django import template

from portal.admin_index import admin_todo as todo_for

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_todo(context):
    """The admin index's "needs doing" counts for the signed-in user."""
    return todo_for(context["request"].user)
