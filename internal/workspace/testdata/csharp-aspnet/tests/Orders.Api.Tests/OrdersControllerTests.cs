using Orders.Api.Controllers;
using Xunit;

public class OrdersControllerTests
{
    [Fact]
    public void NotFoundForZero() => Assert.NotNull(new OrdersController().Get(0));
}
