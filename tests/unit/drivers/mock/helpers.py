"""Small builders shared by the mock driver tests."""

from iaas import models


def context(username='mockuser', password='mockpassword'):
    return models.RequestContext(models.Credentials(username, password))


def launch(driver, ctx, image_id='img1', **fields):
    """Create instances of ``image_id``; returns the list the driver answers with."""
    return driver.create_instance(ctx, models.InstanceSpec(image_id, **fields))
