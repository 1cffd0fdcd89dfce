using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- Step Functions ----------------

        /// <summary>stepfunctions list-state-machines: {"stateMachines": [{"stateMachineArn", "name", "type", "creationDate"}]}.</summary>
        public static List<StateMachine> ListStateMachines(JsonElement root)
        {
            return MapItems(root, "stateMachines", (item, where) =>
            {
                return new StateMachine
                {
                    StateMachineArn = RequireString(item, "stateMachineArn", where),
                    Name = RequireString(item, "name", where),
                    Type = item.GetString("type"),
                };
            });
        }

        /// <summary>stepfunctions describe-state-machine: {"stateMachineArn", "name", "definition": "&lt;ASL JSON text&gt;", "roleArn", "type", "status", ...}.</summary>
        public static StateMachineDescription DescribeStateMachine(JsonElement root)
        {
            RequireObject(root);
            return new StateMachineDescription
            {
                StateMachineArn = RequireString(root, "stateMachineArn", "the answer"),
                Name = RequireString(root, "name", "the answer"),
                Definition = RequireString(root, "definition", "the answer"),
                Type = root.GetString("type"),
                Status = root.GetString("status"),
                RoleArn = root.GetString("roleArn"),
            };
        }
    }
}
