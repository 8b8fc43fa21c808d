using System;

namespace Shop.Orders
{
    /// <summary>Order endpoints.</summary>
    [ApiController]
    public class OrdersController : ControllerBase
    {
        public int Limit { get; set; }

        public OrdersController(IOrderService service) { }

        [HttpGet("{id}")]
        public IActionResult Get(int id)
        {
            return Ok();
        }

        private void Audit() { }
    }

    public interface IOrderService
    {
        Order Find(int id);
    }

    public record Money(decimal Amount);

    internal enum Status { Open, Closed }
}
